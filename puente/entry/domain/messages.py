"""Explanation and notification texts in Spanish, English, Haitian Creole, Portuguese and French.

Data only: one template per message key and language (ISO 639-3), filled with ``str.format``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FALLBACK_LANGUAGE = "spa"  # the most widely shared language at the border, not a default locale
_ALIASES = {"es": "spa", "en": "eng", "ht": "hat", "pt": "por", "fr": "fra"}

TEMPLATES: dict[str, dict[str, str]] = {
    "allocated.moved_by_closure": {
        "spa": "Tiene una cita en {port} el {date} para su grupo de {party_size}. Su cita anterior "
        "se canceló porque el puerto cerró, así que pasó primero: número {position} de "
        "{candidates} personas afectadas por un cierre.",
        "eng": "You have an appointment at {port} on {date} for your group of {party_size}. Your "
        "earlier appointment was cancelled because the port closed, so you went first: number "
        "{position} of {candidates} requests moved by a closure.",
        "hat": "Ou gen yon randevou nan {port} le {date} pou gwoup {party_size} moun ou an. Yo te "
        "anile randevou ou te genyen an paske pò a te fèmen, se poutèt sa ou pase an premye: "
        "nimewo {position} sou {candidates} demann ki te deplase akòz yon fèmti.",
        "por": "Você tem um horário em {port} em {date} para o seu grupo de {party_size}. O seu "
        "horário anterior foi cancelado porque o porto fechou, por isso você passou primeiro: "
        "número {position} de {candidates} pedidos afetados por um fechamento.",
        "fra": "Vous avez un rendez-vous à {port} le {date} pour votre groupe de {party_size}. "
        "Votre rendez-vous précédent a été annulé parce que le port a fermé, vous passez donc en "
        "premier : numéro {position} sur {candidates} demandes déplacées par une fermeture.",
    },
    "allocated.vulnerability": {
        "spa": "Tiene una cita en {port} el {date} para su grupo de {party_size}, por la regla de "
        "urgencias médicas y otras necesidades graves: número {position} de {candidates} "
        "solicitudes con esas necesidades.",
        "eng": "You have an appointment at {port} on {date} for your group of {party_size}, under "
        "the rule for urgent medical and other serious needs: number {position} of {candidates} "
        "requests with those needs.",
        "hat": "Ou gen yon randevou nan {port} le {date} pou gwoup {party_size} moun ou an, dapre "
        "règ pou ijans medikal ak lòt bezwen grav: nimewo {position} sou {candidates} demann ki "
        "gen bezwen sa yo.",
        "por": "Você tem um horário em {port} em {date} para o seu grupo de {party_size}, pela "
        "regra de urgências médicas e outras necessidades graves: número {position} de "
        "{candidates} pedidos com essas necessidades.",
        "fra": "Vous avez un rendez-vous à {port} le {date} pour votre groupe de {party_size}, "
        "selon la règle des urgences médicales et autres besoins graves : numéro {position} sur "
        "{candidates} demandes présentant ces besoins.",
    },
    "allocated.priority_group": {
        "spa": "Tiene una cita en {port} el {date} para su grupo de {party_size}, por la regla "
        "que da prioridad a su lugar de espera: número {position} de {candidates}.",
        "eng": "You have an appointment at {port} on {date} for your group of {party_size}, under "
        "the rule that gives priority to where you are waiting: number {position} of {candidates}.",
        "hat": "Ou gen yon randevou nan {port} le {date} pou gwoup {party_size} moun ou an, dapre "
        "règ ki bay priyorite pou kote w ap tann nan: nimewo {position} sou {candidates}.",
        "por": "Você tem um horário em {port} em {date} para o seu grupo de {party_size}, pela "
        "regra que dá prioridade ao lugar onde você espera: número {position} de {candidates}.",
        "fra": "Vous avez un rendez-vous à {port} le {date} pour votre groupe de {party_size}, "
        "selon la règle qui donne la priorité au lieu où vous attendez : numéro {position} sur "
        "{candidates}.",
    },
    "allocated.longest_waiting": {
        "spa": "Tiene una cita en {port} el {date} para su grupo de {party_size}, por la regla de "
        "quienes más tiempo llevan esperando: número {position} de {candidates}, por fecha de "
        "registro.",
        "eng": "You have an appointment at {port} on {date} for your group of {party_size}, under "
        "the rule for those waiting longest: number {position} of {candidates}, by registration "
        "date.",
        "hat": "Ou gen yon randevou nan {port} le {date} pou gwoup {party_size} moun ou an, dapre "
        "règ pou moun ki pi lontan ap tann yo: nimewo {position} sou {candidates}, selon dat "
        "enskripsyon.",
        "por": "Você tem um horário em {port} em {date} para o seu grupo de {party_size}, pela "
        "regra de quem espera há mais tempo: número {position} de {candidates}, pela data de "
        "registro.",
        "fra": "Vous avez un rendez-vous à {port} le {date} pour votre groupe de {party_size}, "
        "selon la règle de ceux qui attendent depuis le plus longtemps : numéro {position} sur "
        "{candidates}, par date d'inscription.",
    },
    "allocated.lottery": {
        "spa": "Tiene una cita en {port} el {date} para su grupo de {party_size}, por el sorteo "
        "público de hoy: número {position} de {candidates}. Cualquiera puede repetir el sorteo "
        "con el secreto publicado.",
        "eng": "You have an appointment at {port} on {date} for your group of {party_size}, from "
        "today's public lottery: number {position} of {candidates}. Anyone can re-run the draw "
        "with the published secret.",
        "hat": "Ou gen yon randevou nan {port} le {date} pou gwoup {party_size} moun ou an, nan "
        "tiraj piblik jodi a: nimewo {position} sou {candidates}. Nenpòt moun ka refè tiraj la "
        "ak sekrè yo pibliye a.",
        "por": "Você tem um horário em {port} em {date} para o seu grupo de {party_size}, pelo "
        "sorteio público de hoje: número {position} de {candidates}. Qualquer pessoa pode refazer "
        "o sorteio com o segredo publicado.",
        "fra": "Vous avez un rendez-vous à {port} le {date} pour votre groupe de {party_size}, "
        "grâce au tirage public du jour : numéro {position} sur {candidates}. Chacun peut refaire "
        "le tirage avec le secret publié.",
    },
    "not_allocated.capacity_reached": {
        "spa": "No hubo cita para el {date}. Los puertos que eligió se llenaron antes de su turno: "
        "usted era el número {position} de {candidates} ({rule_name}). Su solicitud sigue "
        "abierta para la próxima asignación.",
        "eng": "No appointment for {date}. Your chosen ports were full before your turn: you were "
        "number {position} of {candidates} ({rule_name}). Your request stays open for the next "
        "run.",
        "hat": "Pa gen randevou pou {date}. Pò ou te chwazi yo te plen anvan tou pa w: ou te "
        "nimewo {position} sou {candidates} ({rule_name}). Demann ou an rete louvri pou pwochen "
        "distribisyon an.",
        "por": "Não houve horário para {date}. Os portos que você escolheu lotaram antes da sua "
        "vez: você era o número {position} de {candidates} ({rule_name}). O seu pedido continua "
        "aberto para a próxima distribuição.",
        "fra": "Pas de rendez-vous pour le {date}. Les ports choisis étaient complets avant votre "
        "tour : vous étiez numéro {position} sur {candidates} ({rule_name}). Votre demande reste "
        "ouverte pour la prochaine attribution.",
    },
    "not_allocated.party_too_large": {
        "spa": "No hubo cita para el {date}. Quedaban lugares en los puertos que eligió, pero no "
        "para todo su grupo de {party_size}, y nunca separamos a una familia. Su solicitud sigue "
        "abierta (número {position} de {candidates}, {rule_name}).",
        "eng": "No appointment for {date}. Places were left at your chosen ports, but not enough "
        "for your whole group of {party_size}, and we never split a family. Your request stays "
        "open (number {position} of {candidates}, {rule_name}).",
        "hat": "Pa gen randevou pou {date}. Te rete plas nan pò ou te chwazi yo, men pa ase pou "
        "tout gwoup {party_size} moun ou an, e nou pa janm separe yon fanmi. Demann ou an rete "
        "louvri (nimewo {position} sou {candidates}, {rule_name}).",
        "por": "Não houve horário para {date}. Sobraram vagas nos portos que você escolheu, mas "
        "não para todo o seu grupo de {party_size}, e nunca separamos uma família. O seu pedido "
        "continua aberto (número {position} de {candidates}, {rule_name}).",
        "fra": "Pas de rendez-vous pour le {date}. Il restait des places dans les ports choisis, "
        "mais pas assez pour tout votre groupe de {party_size}, et nous ne séparons jamais une "
        "famille. Votre demande reste ouverte (numéro {position} sur {candidates}, {rule_name}).",
    },
    "not_allocated.no_capacity": {
        "spa": "No hubo cita para el {date}: los puertos que eligió estaban cerrados o sin "
        "lugares ese día. Su solicitud sigue abierta.",
        "eng": "No appointment for {date}: your chosen ports were closed or had no places that "
        "day. Your request stays open.",
        "hat": "Pa gen randevou pou {date}: pò ou te chwazi yo te fèmen oswa pa t gen plas jou "
        "sa a. Demann ou an rete louvri.",
        "por": "Não houve horário para {date}: os portos que você escolheu estavam fechados ou "
        "sem vagas nesse dia. O seu pedido continua aberto.",
        "fra": "Pas de rendez-vous pour le {date} : les ports choisis étaient fermés ou sans "
        "place ce jour-là. Votre demande reste ouverte.",
    },
    "appointment.moved_by_closure": {
        "spa": "El puerto de {port} estará cerrado el {date} ({reason}). Su cita quedó cancelada "
        "y usted pasará entre los primeros en la próxima asignación. No necesita volver a "
        "solicitar.",
        "eng": "The port of {port} is closed on {date} ({reason}). Your appointment is cancelled "
        "and you will be among the first in the next run. You do not need to ask again.",
        "hat": "Pò {port} la ap fèmen le {date} ({reason}). Yo anile randevou ou a, epi w ap "
        "pami premye moun nan pwochen distribisyon an. Ou pa bezwen mande ankò.",
        "por": "O porto de {port} estará fechado em {date} ({reason}). O seu horário foi "
        "cancelado e você estará entre os primeiros na próxima distribuição. Não precisa pedir "
        "de novo.",
        "fra": "Le port de {port} est fermé le {date} ({reason}). Votre rendez-vous est annulé et "
        "vous serez parmi les premiers à la prochaine attribution. Vous n'avez pas à redemander.",
    },
    "rule.longest_waiting": {
        "spa": "orden por fecha de registro",
        "eng": "order of registration date",
        "hat": "lòd dat enskripsyon",
        "por": "ordem por data de registro",
        "fra": "ordre de date d'inscription",
    },
    "rule.lottery": {
        "spa": "sorteo público de hoy",
        "eng": "today's public lottery",
        "hat": "tiraj piblik jodi a",
        "por": "sorteio público de hoje",
        "fra": "tirage public du jour",
    },
}


@dataclass(frozen=True)
class Rendered:
    """A message text and the language it is really in (the fallback when not the person's)."""

    text: str
    language: str


def render(key: str, language: str, params: Mapping[str, object]) -> Rendered:
    templates = TEMPLATES[key]
    wanted = _ALIASES.get(language, language)
    used = wanted if wanted in templates else FALLBACK_LANGUAGE
    filled = {k: v for k, v in params.items()}
    final_rule = f"rule.{params.get('rule', '')}"
    if final_rule in TEMPLATES:
        filled["rule_name"] = TEMPLATES[final_rule][used]
    return Rendered(templates[used].format(**filled), used)
