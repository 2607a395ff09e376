"""E.164 phone numbers: Mexican border-city mobiles, home-country numbers and a few US numbers.

Each prefix below is followed by a number of free digits such that every completion is a valid
number for ``phonenumbers`` (the unit tests check this on samples).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.object_]

# (prefix, free digits). Mexican numbers use the border cities' area codes and Mexico City's,
# because people buy a local SIM while they wait.
MEXICAN: tuple[tuple[str, int], ...] = (
    ("+52664", 7),  # Tijuana
    ("+52686", 7),  # Mexicali
    ("+52631", 7),  # Nogales
    ("+52656", 7),  # Ciudad Juárez
    ("+52878", 7),  # Piedras Negras
    ("+52867", 7),  # Nuevo Laredo
    ("+52899", 7),  # Reynosa
    ("+52868", 7),  # Matamoros
    ("+5255", 8),  # Mexico City
    ("+52962", 7),  # Tapachula, where many entered Mexico
)

HOME: dict[str, tuple[tuple[str, int], ...]] = {
    "HN": (("+5043", 7), ("+5049", 7), ("+5048", 7)),
    "GT": (("+5024", 7), ("+5025", 7), ("+5023", 7)),
    "SV": (("+5037", 7),),
    "NI": (("+50588", 6), ("+50585", 6)),
    "EC": (("+59399", 7), ("+59398", 7)),
    "VE": (("+58412", 7), ("+58414", 7), ("+58424", 7)),
    "HT": (("+5093", 7), ("+5094", 7)),
    "CU": (("+535", 7),),
    "BR": (("+55119", 8), ("+55219", 8)),
    "CO": (("+57300", 7), ("+57310", 7), ("+57320", 7)),
    "PE": (("+519", 8),),
    "CL": (("+5698", 7), ("+5695", 7)),
    "DO": (("+1809", 7),),
}

# US numbers of relatives or sponsors: El Paso, Houston, Los Angeles area codes.
US: tuple[tuple[str, int], ...] = (("+19155", 6), ("+17135", 6), ("+12135", 6))


def _fill(rng: np.random.Generator, options: tuple[tuple[str, int], ...], n: int) -> StrArray:
    choice = rng.integers(0, len(options), size=n)
    digits = rng.integers(0, 10**8, size=n)
    out = np.empty(n, dtype=object)
    for k, (prefix, free) in enumerate(options):
        at = choice == k
        padded = pc.utf8_lpad(pc.cast(pa.array(digits[at] % 10**free), pa.string()), free, "0")
        out[at] = pc.binary_join_element_wise(prefix, padded, "").to_numpy(zero_copy_only=False)
    return out


def random_phones(
    rng: np.random.Generator,
    countries: IntArray,
    country_list: tuple[str, ...],
    *,
    home_share: float,
    us_share: float,
) -> StrArray:
    """One fresh number per person (countries as codes into ``country_list``): Mexican by
    default, else home-country or US."""
    n = len(countries)
    out = np.empty(n, dtype=object)
    draw = rng.random(n)
    has_home = np.isin(countries, [i for i, c in enumerate(country_list) if c in HOME])
    home = has_home & (draw < home_share)
    us = ~home & (draw > 1.0 - us_share)
    mexican = ~home & ~us
    out[mexican] = _fill(rng, MEXICAN, int(mexican.sum()))
    out[us] = _fill(rng, US, int(us.sum()))
    home_idx = np.flatnonzero(home)
    for country in np.unique(countries[home_idx]).tolist():
        idx = home_idx[countries[home_idx] == country]
        out[idx] = _fill(rng, HOME[country_list[country]], idx.size)
    return out
