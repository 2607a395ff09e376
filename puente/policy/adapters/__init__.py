"""Policy adapters: the table file loader and the ``puente policy`` commands."""
