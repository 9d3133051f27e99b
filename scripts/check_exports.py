"""Loads Attest's exports with the tools that read them, and fails on any error.

Usage: python check_exports.py EXPORTS [--only datasets]

EXPORTS holds one folder per export (any name), each with its dataset.json
card, as scripts/check-exports.sh writes them. For each export, by the
card's format:

- jsonl, doccano, Label Studio: Hugging Face `datasets` loads every part
  with load_dataset("json") (Arrow: one type per field), and the parts of a
  split together as one DatasetDict, given in every order; no part is an
  empty file; spaCy's
  doc.char_span(start, end, alignment_mode="strict") finds every span whose
  boundaries are word boundaries, on a blank model's tokens, and the
  offsets cover the text the export says (Python str offsets: code points);
- doccano: every file has the shape the card names, and relations point at
  entities of their record;
- Label Studio: the SDK parses and validates config.xml and each
  annotation against it, and its converter turns the tasks into CoNLL-2003
  whose tags are all labels of the config;
- CoNLL: seqeval's classification_report(mode="strict", scheme=IOB2) runs
  with no warning, spaCy reads the tags (iob_to_biluo, biluo_tags_to_spans)
  on a Doc built from the export's own tokens;
- brat: brat's documented annotation.conf rules — every entity, event,
  role, relation and attribute (and attribute value) used in an .ann file
  is declared, for the types it is used on; offsets cover the text given;
- acled-csv: load_dataset("csv").

With --only datasets, only the load_dataset checks run (for a second
version of `datasets`).
"""

import contextlib
import html
import io
import json
import logging
import os
import re
import sys
import tempfile
import unicodedata
import warnings
from pathlib import Path

ERRORS = []


def error(where, message):
    ERRORS.append(f"{where}: {message}")


def boundary_clean(text, start, end):
    """Whether a span starts and ends at word boundaries: no letter, digit
    or combining mark on either side across its edges."""

    def wordy(ch):
        return ch.isalnum() or unicodedata.combining(ch) or ch in "\u200d\ufe0f"

    if start < 0 or end > len(text) or start >= end:
        return False
    if start > 0 and wordy(text[start - 1]) and wordy(text[start]):
        return False
    if end < len(text) and wordy(text[end - 1]) and wordy(text[end]):
        return False
    return True


class Spacy:
    def __init__(self):
        import spacy

        self.spacy = spacy
        self.models = {}

    def nlp(self, language):
        language = language if language in ("en", "fr") else "en"
        if language not in self.models:
            self.models[language] = self.spacy.blank(language)
        return self.models[language]

    def check_spans(self, where, text, language, spans):
        """spans: (start, end, label, text or None), code points."""
        doc = self.nlp(language)(text)
        for start, end, label, covered in spans:
            if covered is not None and text[start:end] != covered:
                error(where, f"{label} {start}..{end}: text {covered!r} but offsets cover {text[start:end]!r}")
                continue
            if not boundary_clean(text, start, end):
                continue
            if doc.char_span(start, end, alignment_mode="strict") is None:
                # spaCy keeps some tokens whole that are two words to us
                # (e.g. "2020-2021"); count only a misfit that no token
                # boundary can explain: an offset inside a grapheme.
                inside = [t for t in doc if t.idx < start < t.idx + len(t) or t.idx < end < t.idx + len(t)]
                if any(unicodedata.combining(text[o]) for o in (start, end) if o < len(text)):
                    error(where, f"{label} {start}..{end} {text[start:end]!r} splits a grapheme")
                elif not inside:
                    error(where, f"{label} {start}..{end} {text[start:end]!r}: char_span strict is None")
                else:
                    SPACY_MERGED.append(f"{where}: {label} {text[start:end]!r} inside spaCy token {inside[0].text!r}")


SPACY_MERGED = []
NOTES = []


def datasets_version():
    import datasets

    return datasets.__version__


def card_of(folder):
    return json.loads((folder / "dataset.json").read_text(encoding="utf-8"))


def data_files(folder, card, suffixes):
    files = []
    for part in card["parts"]:
        files.extend(str(folder / f) for f in part["files"] if f.endswith(suffixes))
    return files


def load_json_dataset(where, files):
    from datasets import load_dataset

    for f in files:
        if os.path.getsize(f) == 0 or Path(f).read_text(encoding="utf-8").strip() in ("", "[]"):
            # `datasets` refuses a split with no rows: an empty part must
            # have no file.
            error(where, f"{Path(f).name} is an empty data file")
            continue
        try:
            ds = load_dataset("json", data_files=f, split="train")
        except Exception as e:  # noqa: BLE001 - any failure to load is the finding
            cause = f" ({type(e.__cause__).__name__}: {e.__cause__})" if e.__cause__ else ""
            error(where, f"load_dataset('json') on {Path(f).name}: {type(e).__name__}: {e}{cause}")
            continue
        if len(ds) == 0:
            error(where, f"load_dataset('json') on {Path(f).name}: no rows")
        # datasets 5 reads an object whose keys differ between records (an
        # optional field, a map such as `roles`) as untyped Json where 3.x
        # unifies them; a type that changes is caught by the 3.x pass.
        for path in untyped(ds.features):
            NOTES.append(f"{where} {Path(f).name}: datasets {datasets_version()} reads {path} as Json")


def load_split_dataset(where, folder, card, suffixes):
    """Loads the parts of a split export together, as one DatasetDict,
    with the parts given in every order: Arrow types the columns from one
    split and casts the others, so every record must have the same keys
    with the same types whichever split comes first."""
    from itertools import permutations

    from datasets import load_dataset

    parts = [
        (part["name"], [str(folder / f) for f in part["files"] if f.endswith(suffixes)])
        for part in card["parts"]
    ]
    parts = [(name, files) for name, files in parts if files]
    if len(parts) < 2 and not (folder / "README.md").exists():
        return
    card_file = folder / "README.md"
    if card_file.exists():
        # The Hugging Face dataset card: the folder loads in one line.
        try:
            whole = load_dataset(str(folder))
            names = {p["name"] for p in card["parts"] if p["files"]}
            expected = {{"dev": "validation", "all": "train"}.get(n, n) for n in names}
            if set(whole) != expected:
                error(where, f"load_dataset(folder) gives splits {sorted(whole)}, not {sorted(expected)}")
        except Exception as e:  # noqa: BLE001
            cause = f" ({type(e.__cause__).__name__}: {e.__cause__})" if e.__cause__ else ""
            error(where, f"load_dataset(folder): {type(e).__name__}: {e}{cause}"[:600])
    if len(parts) < 2:
        return
    # A split whose lists of events are all empty gives Arrow no type for
    # them: the card's features say it, for the parts in any order.
    features = None
    if card_file.exists():
        from datasets import load_dataset_builder

        features = load_dataset_builder(str(folder)).info.features
    for order in permutations(parts):
        data_files = dict(order)
        try:
            loaded = load_dataset("json", data_files=data_files, features=features)
        except Exception as e:  # noqa: BLE001 - any failure to load is the finding
            cause = f" ({type(e.__cause__).__name__}: {e.__cause__})" if e.__cause__ else ""
            error(where, f"load_dataset('json', data_files={list(data_files)}): {type(e).__name__}: {e}{cause}"[:600])
            continue
        for name, files in order:
            if len(loaded[name]) == 0:
                error(where, f"split {name} loads with no rows")
        by_split = {name: loaded[name].features for name, _ in order}
        first = next(iter(by_split.values()))
        for name, f in by_split.items():
            if f != first:
                error(where, f"split {name} has other features than {order[0][0]}")


def untyped(feature, path="record"):
    """Paths of the features that datasets could only read as untyped Json."""
    if type(feature).__name__ == "Json":
        return [path]
    if isinstance(feature, dict):
        return [p for k, v in feature.items() for p in untyped(v, f"{path}.{k}")]
    for attr in ("feature",):
        inner = getattr(feature, attr, None)
        if inner is not None:
            return untyped(inner, f"{path}[]")
    if isinstance(feature, (list, tuple)) and feature:
        return untyped(feature[0], f"{path}[]")
    return []


def read_records(path):
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith(".json"):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def check_jsonl(where, folder, card, nlp):
    for f in data_files(folder, card, (".jsonl",)):
        for r in read_records(f):
            spans = [(m["start"], m["end"], m["label"], m["text"]) for m in r["mentions"]]
            spans += [(e["trigger"]["start"], e["trigger"]["end"], e["type"], None) for e in r["events"]]
            spans += [(c["cue"]["start"], c["cue"]["end"], c["stance"], None) for c in r["claims"]]
            nlp.check_spans(f"{where} {r['id']}", r["text"], r.get("meta", {}).get("language"), spans)


def check_doccano(where, folder, card, nlp):
    shape = card.get("shape")
    if shape not in ("label", "entities_relations"):
        error(where, f"dataset.json names no doccano shape: {shape!r}")
    for part in card["parts"]:
        if part.get("shape") != shape:
            error(where, f"part {part['name']} has shape {part.get('shape')!r}, the export {shape!r}")
    for f in data_files(folder, card, (".jsonl",)):
        for r in read_records(f):
            key = f"{where} {Path(f).name} {r.get('document')}"
            if not isinstance(r.get("document"), str):
                error(key, "no Attest document id")
            if shape == "label":
                if "label" not in r or "entities" in r:
                    error(key, "not in the sequence-labelling shape the card names")
                spans = [(s["start_offset"], s["end_offset"], s["label"], None) for s in r.get("label", [])]
            else:
                if "entities" not in r or "label" in r:
                    error(key, "not in the entities/relations shape the card names")
                ids = {e["id"] for e in r.get("entities", [])}
                for rel in r.get("relations", []):
                    if rel["from_id"] not in ids or rel["to_id"] not in ids:
                        error(key, f"relation {rel} points at no entity")
                spans = [(e["start_offset"], e["end_offset"], e["label"], None) for e in r.get("entities", [])]
            nlp.check_spans(key, r["text"], None, spans)


LABEL = re.compile(r"^[^\s/|]+$")


def check_label_studio(where, folder, card, nlp):
    from label_studio_sdk.converter import Converter
    from label_studio_sdk.label_interface import LabelInterface

    config_path = folder / "config.xml"
    if config_path.exists():
        config = config_path.read_text(encoding="utf-8")
    else:
        error(where, "no config.xml")
        # The config a user would write for these tasks, to run the rest.
        used = sorted(
            {
                label
                for f in data_files(folder, card, (".json",))
                for task in read_records(f)
                for a in task.get("annotations", [])
                for r in a["result"]
                if r["type"] == "labels"
                for label in r["value"]["labels"]
            }
        )
        config = (
            '<View><Labels name="label" toName="text">'
            + "".join(f'<Label value="{html.escape(l, quote=True)}"/>' for l in used)
            + '</Labels><Text name="text" value="$text"/></View>'
        )
    try:
        interface = LabelInterface(config)
        interface.validate()
    except Exception as e:  # noqa: BLE001
        error(where, f"Label Studio rejects config.xml: {type(e).__name__}: {e}")
        return
    labels = set(interface.get_control("label").labels)
    for label in labels:
        if not LABEL.match(label):
            error(where, f"label {label!r} has a space, slash or pipe")
    for f in data_files(folder, card, (".json",)):
        tasks = read_records(f)
        for task in tasks:
            key = f"{where} {Path(f).name} task {task.get('id')}"
            if not isinstance(task["data"].get("document"), str):
                error(key, "no Attest document id")
            for annotation in task.get("annotations", []):
                problems = interface._validate_object(annotation, return_errors=True)
                for p in problems:
                    error(key, f"Label Studio: {p}")
                spans = [
                    (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0], r["value"]["text"])
                    for r in annotation["result"]
                    if r["type"] == "labels"
                ]
                nlp.check_spans(key, task["data"]["text"], None, spans)
        if not tasks:
            continue
        with tempfile.TemporaryDirectory() as out:
            sink = io.StringIO()
            try:
                with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    Converter(config=config, project_dir=None, download_resources=False).convert_to_conll2003(
                        f, out, is_dir=False
                    )
            except Exception as e:  # noqa: BLE001
                error(where, f"Label Studio's converter fails on {Path(f).name}: {type(e).__name__}: {e}")
                continue
            converted = Path(out, "result.conll").read_text(encoding="utf-8")
        for n, line in enumerate(converted.splitlines(), 1):
            if not line.strip() or line.startswith("-DOCSTART-"):
                continue
            fields = line.split(" ")
            tag = fields[-1]
            if len(fields) != 4:
                error(where, f"converted CoNLL line {n} has {len(fields)} fields, not 4: {line!r}")
            elif tag != "O" and (tag[:2] not in ("B-", "I-") or tag[2:] not in labels):
                error(where, f"converted CoNLL line {n}: tag {tag!r} is not a label of config.xml")


def read_conll(path):
    sentences, tokens, tags = [], [], []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
                tokens, tags = [], []
            continue
        fields = line.split(" ")
        if len(fields) != 2:
            error(path, f"line {n} has {len(fields)} fields, not 2: {line!r}")
            continue
        if fields[0] == "-DOCSTART-":
            continue
        tokens.append(fields[0])
        tags.append(fields[1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def check_conll(where, folder, card, nlp):
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2
    from spacy.tokens import Doc
    from spacy.training import biluo_tags_to_spans, iob_to_biluo

    for f in data_files(folder, card, (".conll",)):
        sentences = read_conll(f)
        if not sentences:
            continue
        y = [tags for _, tags in sentences]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                classification_report(y, y, mode="strict", scheme=IOB2, zero_division=0)
            except Exception as e:  # noqa: BLE001
                error(where, f"seqeval strict IOB2 on {Path(f).name}: {type(e).__name__}: {e}")
        for w in caught:
            error(where, f"seqeval warns on {Path(f).name}: {w.message}")
        vocab = nlp.nlp("en").vocab
        for tokens, tags in sentences:
            try:
                doc = Doc(vocab, words=tokens)
                biluo_tags_to_spans(doc, iob_to_biluo(tags))
            except Exception as e:  # noqa: BLE001
                error(where, f"spaCy cannot read the tags of {' '.join(tokens)[:60]!r}: {e}")


def parse_conf(text):
    """brat's annotation.conf: sections of declarations."""
    sections, section = {}, None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        m = re.match(r"^\[(\w+)\]$", line.strip())
        if m:
            section = m.group(1)
            sections.setdefault(section, [])
            continue
        sections.setdefault(section, []).append(line)
    entities = set()
    for line in sections.get("entities", []):
        name = line.strip().lstrip("!")
        if name:
            entities.add(name)
    events = {}
    for line in sections.get("events", []):
        parts = line.strip().split(None, 1)
        name = parts[0].lstrip("!")
        roles = {}
        if len(parts) > 1:
            for arg in parts[1].split(","):
                arg = arg.strip()
                if not arg or ":" not in arg:
                    continue
                role, types = arg.split(":", 1)
                role = re.sub(r"[?*+{].*$", "", role.strip())
                roles[role] = {t.strip() for t in types.split("|")}
        events[name] = roles
    relations = {}
    for line in sections.get("relations", []):
        parts = line.strip().split(None, 1)
        name = parts[0].lstrip("!")
        args = {}
        if len(parts) > 1:
            for arg in parts[1].split(","):
                arg = arg.strip()
                if ":" in arg and not arg.startswith("<"):
                    role, types = arg.split(":", 1)
                    args[role.strip()] = {t.strip() for t in types.split("|")}
        relations[name] = args
    attributes = {}
    for line in sections.get("attributes", []):
        parts = line.strip().split(None, 1)
        name = parts[0].lstrip("!")
        spec = {"targets": set(), "values": None}
        if len(parts) > 1:
            for item in parts[1].split(","):
                item = item.strip()
                if item.startswith("Arg:"):
                    spec["targets"] = {t.strip() for t in item[4:].split("|")}
                elif item.startswith("Value:"):
                    spec["values"] = {v.strip() for v in item[6:].split("|")}
        attributes[name] = spec
    return entities, events, relations, attributes


def type_matches(declared, actual, entities, events):
    if "<ANY>" in declared:
        return True
    if "<ENTITY>" in declared and actual in entities:
        return True
    if "<EVENT>" in declared and actual in events:
        return True
    return actual in declared


def nearest_conf(ann, top):
    """brat reads the annotation.conf of the document's folder or the
    nearest folder above it."""
    for folder in [ann.parent, *ann.parent.parents]:
        if (folder / "annotation.conf").exists():
            return folder / "annotation.conf"
        if folder == top:
            return None
    return None


def check_brat(where, folder, card, nlp):
    anns = sorted(folder.rglob("*.ann"))
    if not anns and card["documents"]:
        error(where, "no .ann files")
    for ann in anns:
        conf_path = nearest_conf(ann, folder)
        if conf_path is None:
            error(where, f"{ann.relative_to(folder)}: no annotation.conf in its folder or above")
            continue
        entities, events, relations, attributes = parse_conf(conf_path.read_text(encoding="utf-8"))
        if True:
            text = ann.with_suffix(".txt").read_text(encoding="utf-8")
            key = f"{where} {ann.relative_to(folder)}"
            types = {}
            lines = [l for l in ann.read_text(encoding="utf-8").splitlines() if l.strip()]
            for line in lines:
                ident = line.split("\t", 1)[0]
                if ident.startswith("T"):
                    _, head, covered = line.split("\t")
                    kind, *ranges = head.replace(";", " ").split(" ")
                    types[ident] = kind
                    if kind not in entities and kind not in events:
                        error(key, f"{ident}: type {kind} is not declared")
                    numbers = list(map(int, ranges))
                    pieces = [text[numbers[i]:numbers[i + 1]] for i in range(0, len(numbers), 2)]
                    if " ".join(pieces) != covered:
                        error(key, f"{ident}: offsets cover {' '.join(pieces)!r}, not {covered!r}")
                elif ident.startswith("E"):
                    head = line.split("\t")[1].split(" ")
                    kind = head[0].split(":")[0]
                    types[ident] = kind
            for line in lines:
                fields = line.split("\t")
                ident = fields[0]
                if ident.startswith("E"):
                    args = fields[1].split(" ")
                    kind, _ = args[0].split(":")
                    if kind not in events:
                        error(key, f"{ident}: event type {kind} is not declared")
                        continue
                    for arg in args[1:]:
                        role, target = arg.split(":")
                        role = re.sub(r"\d+$", "", role)
                        if role not in events[kind]:
                            error(key, f"{ident}: role {role} is not declared for {kind}")
                        elif not type_matches(events[kind][role], types.get(target), entities, events):
                            error(key, f"{ident}: {role} filler {target} ({types.get(target)}) is not allowed")
                elif ident.startswith("R"):
                    kind, *args = fields[1].split(" ")
                    if kind not in relations:
                        error(key, f"{ident}: relation {kind} is not declared")
                        continue
                    for arg in args:
                        role, target = arg.split(":")
                        allowed = relations[kind].get(role)
                        if allowed is None:
                            error(key, f"{ident}: argument {role} is not declared for {kind}")
                        elif not type_matches(allowed, types.get(target), entities, events):
                            error(key, f"{ident}: {role} {target} ({types.get(target)}) is not allowed for {kind}")
                elif ident.startswith(("A", "M")):
                    name, target, *value = fields[1].split(" ")
                    spec = attributes.get(name)
                    if spec is None:
                        error(key, f"{ident}: attribute {name} is not declared")
                        continue
                    if spec["targets"] and not type_matches(spec["targets"], types.get(target), entities, events):
                        error(key, f"{ident}: attribute {name} is not declared for {types.get(target)}")
                    if spec["values"] is None and value:
                        error(key, f"{ident}: binary attribute {name} given a value {value[0]!r}")
                    if spec["values"] is not None and (not value or value[0] not in spec["values"]):
                        error(key, f"{ident}: value {value[:1]} of {name} is not declared")
                elif ident.startswith(("T", "E", "N", "#", "*")):
                    continue
                else:
                    error(key, f"unknown annotation line {line!r}")


def check_acled(where, folder, card, nlp):
    from datasets import load_dataset

    for f in data_files(folder, card, (".csv",)):
        if len(Path(f).read_text(encoding="utf-8").splitlines()) < 2:
            continue
        try:
            load_dataset("csv", data_files=f, split="train")
        except Exception as e:  # noqa: BLE001
            error(where, f"load_dataset('csv') on {Path(f).name}: {type(e).__name__}: {e}")


def main():
    root = Path(sys.argv[1])
    only_datasets = sys.argv[2:] == ["--only", "datasets"]
    logging.disable(logging.WARNING)
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    import datasets

    datasets.disable_progress_bars()
    nlp = None if only_datasets else Spacy()
    checks = {
        "jsonl": check_jsonl,
        "doccano": check_doccano,
        "label-studio": check_label_studio,
        "conll": check_conll,
        "brat": check_brat,
        "acled-csv": check_acled,
    }
    checked = 0
    for folder in sorted(p for p in root.iterdir() if (p / "dataset.json").exists()):
        card = card_of(folder)
        fmt = card["format"]
        where = folder.name
        if fmt in ("jsonl", "doccano"):
            load_json_dataset(where, data_files(folder, card, (".jsonl",)))
            load_split_dataset(where, folder, card, (".jsonl",))
        elif fmt == "label-studio":
            load_json_dataset(where, data_files(folder, card, (".json",)))
            load_split_dataset(where, folder, card, (".json",))
        elif fmt == "acled-csv":
            check_acled(where, folder, card, nlp)
        if not only_datasets and fmt in checks and fmt != "acled-csv":
            checks[fmt](where, folder, card, nlp)
        checked += 1
    print(f"datasets {datasets.__version__}: checked {checked} export(s)" + ("" if only_datasets else " with spaCy, seqeval, Label Studio SDK and brat's rules"))
    if SPACY_MERGED:
        print(f"  note: {len(SPACY_MERGED)} span(s) lie inside one spaCy token (its tokeniser, not the offsets), e.g. {SPACY_MERGED[0]}")
    if NOTES:
        print(f"  note: {len(NOTES)} column(s) read as untyped Json, e.g. {NOTES[0]}")
    if ERRORS:
        print(f"{len(ERRORS)} error(s):")
        for e in ERRORS:
            print(f"  {e}")
        sys.exit(1)


if __name__ == "__main__":
    main()
