"""Common nicknames and short forms of given names, mapped to the full name they stand for.

Kept as data so field staff can extend it; keys and values are folded (no accents, lower case).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Canonical (folded) given name -> the folded short forms and spellings that mean it.
# A canonical value may hold two names ("jose maria" for "Chema"): it then stands for both.
_VARIANTS_BY_NAME: dict[str, tuple[str, ...]] = {
    # Spanish
    "jesus": ("chuy", "chucho", "chuya", "jesu"),
    "jose": ("pepe", "pepito", "chepe", "joselito", "cheo"),
    "francisco": ("paco", "pancho", "curro", "quico", "kiko", "frank", "panchito", "paquito"),
    "francisca": ("paca", "pancha", "paquita", "panchita"),
    "guadalupe": ("lupe", "lupita", "lupillo", "pita"),
    "ignacio": ("nacho",),
    "enrique": ("quique",),
    "manuel": ("manolo", "manny", "manu", "meme"),
    "alejandro": ("alex", "alejo", "jano"),
    "alejandra": ("ale",),
    "roberto": ("beto", "tito"),
    "alberto": ("beto",),
    "guillermo": ("memo", "guille"),
    "eduardo": ("lalo", "edu"),
    "gerardo": ("gera", "lalo"),
    "rafael": ("rafa",),
    "ramon": ("moncho",),
    "antonio": ("tono", "toño", "tonio", "tony", "nono"),
    "luis": ("lucho", "wicho", "licho"),
    "concepcion": ("concha", "conchita", "chona"),
    "dolores": ("lola", "lolita"),
    "mercedes": ("meche", "mecha"),
    "rosario": ("chayo", "charo"),
    "socorro": ("coco",),
    "soledad": ("chole", "sole"),
    "refugio": ("cuca", "cuco"),
    "consuelo": ("chelo",),
    "graciela": ("chela",),
    "josefina": ("fina", "pepa", "pepita", "chepina"),
    "jose maria": ("chema", "josema"),
    "maria jose": ("majo", "marijose"),
    "juan pablo": ("juanpa",),
    "juan carlos": ("juanca",),
    "maria": ("ma", "mari", "maru", "mary"),
    "margarita": ("magui", "marga", "mago"),
    "isabel": ("chabela", "isa", "chavela"),
    "elizabeth": ("eli", "liz", "lizbeth", "betty"),
    "salvador": ("chava", "chavo"),
    "santiago": ("chago", "santi"),
    "rosa": ("rosita", "chayito"),
    "teresa": ("tere", "teresita"),
    "cristina": ("cris",),
    "patricia": ("paty", "pati", "patty"),
    "fernando": ("nando", "fer"),
    "federico": ("fede", "lico"),
    "gabriel": ("gabo", "gaby"),
    "gabriela": ("gaby", "gabi"),
    "daniel": ("dani",),
    "ernesto": ("neto",),
    "humberto": ("beto",),
    "jorge": ("coque", "george"),
    "ricardo": ("richi", "ricky", "rica"),
    "rodrigo": ("rodri", "rigo"),
    "carlos": ("charly", "carlitos", "calin"),
    "miguel": ("mike", "micky", "miguelito"),
    "pedro": ("perico", "pete"),
    "marcos": ("marco",),
    "victor": ("vico",),
    "agustin": ("tin", "agus"),
    "anastasio": ("tacho",),
    "eusebio": ("chebo",),
    "lucia": ("lucha", "luci"),
    "natividad": ("nati",),
    "jacinto": ("chinto",),
    "javier": ("javi",),
    "adriana": ("adri",),
    "veronica": ("vero",),
    "beatriz": ("bety", "bea"),
    # Portuguese (Brazil, Angola)
    "joao": ("joaozinho",),
    "antonia": ("tonha",),
    "sebastiao": ("tiao",),
    "raimundo": ("mundinho", "raimundinho"),
    "conceicao": ("ceicao",),
    "fatima": ("fatinha",),
    # French and Haitian
    "jean": ("jan", "ti jean", "tijean"),
    "jean baptiste": ("jean batiste", "janbatis"),
    "jacques": ("jak", "jack"),
    "joseph": ("jozef", "josef", "jo"),
    "marie": ("mari",),
    "pierre": ("pye", "pyer"),
    "guerline": ("gerlin", "guerlin"),
    "nadege": ("nadej",),
    "claude": ("klod",),
    "jeanne": ("jann",),
    "louis": ("lwi",),
    "emmanuel": ("manno", "emanuel"),
    "mackenson": ("makenson",),
    "wilner": ("wilne",),
    "dieudonne": ("dyedone", "dieudone"),
    "francois": ("franswa",),
    "michel": ("michou", "mikel"),
    "marc": ("mak",),
}


def _build_index(variants_by_name: Mapping[str, tuple[str, ...]]) -> Mapping[str, str]:
    # A short form shared by two names ("beto": Roberto, Alberto, Humberto) maps to the first
    # listed; the phonetic and fuzzy comparison levels still catch the others.
    index: dict[str, str] = {}
    for name, variants in variants_by_name.items():
        for variant in variants:
            index.setdefault(variant, name)
    return MappingProxyType(index)


NICKNAMES: Mapping[str, str] = _build_index(_VARIANTS_BY_NAME)
