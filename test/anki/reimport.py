#!/usr/bin/python3
"""The re-import promise, measured on a real Anki.

Creates a fresh collection with Anki's own Python library, imports SEED
(an .apkg) with Anki's .apkg importer (anki.importing.apkg.AnkiPackageImporter,
the importer of Anki 2.1.x desktop), studies some cards through Anki's
scheduler over two simulated days, imports UPDATE (a later build of the same
notes) and prints, as JSON, what Anki did: notes and note types before and
after, which notes were added and updated, and whether every reviewed card
kept its scheduling and review log.

    python3 test/anki/reimport.py SEED.apkg UPDATE.apkg [--review GUID,GUID:ORD,...]

A GUID studies its note's first card, GUID:ORD the card of that ordinal (a
cloze note's card N has ordinal N - 1; a reversed note's second direction,
ordinal 1). Without --review, every other card of SEED is studied. Cards
are named GUID:ORD in the output.

    python3 test/anki/reimport.py --steps STEPS.json

runs a story instead, on a fresh collection: STEPS is a list of steps, each
{"do": "import", "path": ...} (Anki's .apkg importer), {"do": "note-type",
"name": ..., "css": ..., "mod": ...} (the note type set as an import of
another build, or Anki's Rust importer, would have left it: written without
touching its mod, as Anki's own ModelManager.update does) or {"do":
"edit-css", "name": ..., "css": ...} (the student edits the styling in
Anki: ModelManager.save stamps it with the time). After each step it prints
the collection: notes, cards, note types, what `added:1` finds and the
"Created" column of Anki's browser.

Run test/anki/install.sh first: it installs Anki's library where this
script looks for it.
"""

import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile

# Where Debian's package puts Anki's library, then where test/anki/install.sh
# unpacks it when this Debian has no `anki` package of its own.
LIBRARY_PATHS = [
    os.environ.get("STUDYDECK_ANKI_PATH", ""),
    "/usr/share/anki",
    os.path.join(os.environ.get("STUDYDECK_ANKI_DIR", "/opt/studydeck-anki"), "usr/share/anki"),
]


def import_anki():
    # Anki keeps its temporary files in TMPDIR/anki_temp and removes that whole
    # folder when a process exits: another run of this script (another test,
    # another checkout on this machine) would remove this one's files while it
    # runs. Each run has a temporary folder of its own, removed at its end, with
    # the collections it makes.
    tempfile.tempdir = tempfile.mkdtemp(prefix="studydeck-anki-")
    atexit.register(shutil.rmtree, tempfile.tempdir, True)
    for path in LIBRARY_PATHS:
        if path and os.path.isfile(os.path.join(path, "anki", "__init__.py")):
            sys.path.insert(0, path)
            break
    import anki  # noqa: F401  (raises ImportError when no Anki is installed)

    return anki


DAY = 86400


def check_sort_fields(package):
    """Notes whose sfld/csum differ from what Anki itself computes for them."""
    import sqlite3
    import zipfile

    from anki.utils import fieldChecksum, splitFields, stripHTMLMedia

    folder = tempfile.mkdtemp(prefix="studydeck-apkg-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with zipfile.ZipFile(package) as archive:
        path = archive.extract("collection.anki2", folder)
    db = sqlite3.connect(path)
    try:
        mismatches = []
        for guid, flds, sfld, csum in db.execute("select guid, flds, sfld, csum from notes"):
            front = splitFields(flds)[0]
            expected = (stripHTMLMedia(front), fieldChecksum(front))
            if (str(sfld), csum) != expected:
                mismatches.append({"guid": guid, "sfld": sfld, "csum": csum, "anki": list(expected)})
        return mismatches
    finally:
        db.close()


def run_steps(anki, steps):
    """A story of imports and edits on a fresh collection: the collection after each step."""
    import time

    from anki import Collection
    from anki.importing.apkg import AnkiPackageImporter

    folder = tempfile.mkdtemp(prefix="studydeck-anki-")
    col = Collection(os.path.join(folder, "collection.anki2"))
    if col.schedVer() != 2:
        col.changeSchedulerVer(2)

    def snapshot():
        notes = [
            {"guid": guid, "id": nid, "mid": mid, "mod": mod, "fields": flds.split("\x1f"), "tags": tags.split()}
            for nid, guid, mid, mod, flds, tags in col.db.all("select id, guid, mid, mod, flds, tags from notes order by id")
        ]
        cards = [
            {"id": cid, "nid": nid, "ord": ord, "deck": col.decks.name(did)}
            for cid, nid, ord, did in col.db.all("select id, nid, ord, did from cards order by id")
        ]
        # Anki's browser: "Created" is the note id as a date (aqt/browser.py, 2.1.15 L258-259).
        created = {str(note["id"]): time.strftime("%Y-%m-%d", time.localtime(note["id"] / 1000)) for note in notes}
        return {
            "notes": notes,
            "cards": cards,
            "noteTypes": sorted(
                ({"id": model["id"], "name": model["name"], "mod": model["mod"], "css": model["css"]} for model in col.models.all()),
                key=lambda model: model["name"],
            ),
            "decks": sorted(deck["name"] for deck in col.decks.all()),
            # The sidebar's "Added Today" is this search (anki/find.py, 2.1.15 L303-310).
            "addedToday": len(col.findCards("added:1")),
            "created": created,
        }

    results = []
    for step in steps:
        kind = step["do"]
        log = None
        if kind == "import":
            importer = AnkiPackageImporter(col, step["path"])
            importer.run()
            log = {
                "added": importer.added,
                "updated": importer.updated,
                "skipped": importer.dupes,
                "log": [line for line in importer.log if line],
            }
        elif kind == "note-type":
            model = col.models.byName(step["name"])
            for key in ("css", "mod"):
                if key in step:
                    model[key] = step[key]
            col.models.update(model)
        elif kind == "edit-css":
            model = col.models.byName(step["name"])
            model["css"] = step["css"]
            col.models.save(model)
        else:
            raise SystemExit("reimport.py: unknown step " + kind)
        col.save()
        results.append({"do": kind, "import": log, "after": snapshot()})
    col.close()
    return {"anki": anki.version, "steps": results}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("seed", nargs="?")
    parser.add_argument("update", nargs="?")
    parser.add_argument("--probe", action="store_true", help="print Anki's version and exit")
    parser.add_argument("--steps", help="a JSON file of steps to run on a fresh collection")
    parser.add_argument("--review", default="", help="comma-separated GUIDs (or GUID:ORD) to study")
    parser.add_argument("--scheduler", type=int, default=2, choices=[1, 2])
    args = parser.parse_args()

    # Anki's media manager changes the working folder: paths are made absolute first.
    for name in ("seed", "update", "steps"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    anki = import_anki()
    if args.probe:
        print(json.dumps({"anki": anki.version, "path": os.path.dirname(os.path.dirname(anki.__file__))}))
        return
    if args.steps:
        with open(args.steps, encoding="utf-8") as file:
            print(json.dumps(run_steps(anki, json.load(file)), indent=2, ensure_ascii=False))
        return
    if not args.seed or not args.update:
        parser.error("SEED and UPDATE are required")
    from anki import Collection
    from anki.importing.apkg import AnkiPackageImporter

    folder = tempfile.mkdtemp(prefix="studydeck-anki-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    col = Collection(os.path.join(folder, "collection.anki2"))
    if col.schedVer() != args.scheduler:
        col.changeSchedulerVer(args.scheduler)

    def state():
        return {
            "notes": col.db.scalar("select count() from notes"),
            "cards": col.db.scalar("select count() from cards"),
            "revlog": col.db.scalar("select count() from revlog"),
            "noteTypes": len(col.models.all()),
            "noteTypeNames": sorted(model["name"] for model in col.models.all()),
            "decks": sorted(deck["name"] for deck in col.decks.all()),
        }

    def notes_by_guid():
        rows = col.db.all("select guid, id, mid, mod, flds, tags from notes")
        return {
            guid: {"id": nid, "mid": mid, "mod": mod, "fields": flds.split("\x1f"), "tags": tags.split()}
            for guid, nid, mid, mod, flds, tags in rows
        }

    def cards_by_key():
        """Every card, as GUID:ORD, with its scheduling and review log."""
        rows = col.db.all(
            "select n.guid, c.ord, c.id, c.did, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses"
            " from cards c join notes n on c.nid = n.id"
        )
        result = {}
        for guid, ord, cid, did, ctype, queue, due, ivl, factor, reps, lapses in rows:
            revlog = col.db.all("select id, ease, ivl, lastIvl, factor, type from revlog where cid = ? order by id", cid)
            result["%s:%d" % (guid, ord)] = {
                "id": cid,
                "did": did,
                "type": ctype,
                "queue": queue,
                "due": due,
                "ivl": ivl,
                "factor": factor,
                "reps": reps,
                "lapses": lapses,
                "revlog": [list(row) for row in revlog],
            }
        return result

    def card_ordinals():
        """Per note (GUID): the ordinals of the cards it has, and those Anki itself would make of its fields
        (models.availOrds, read only: genCards and emptyCids would add cards)."""
        have, would = {}, {}
        for guid, ord in col.db.all("select n.guid, c.ord from cards c join notes n on c.nid = n.id"):
            have.setdefault(guid, []).append(ord)
        for guid, mid, flds in col.db.all("select guid, mid, flds from notes"):
            would[guid] = sorted(col.models.availOrds(col.models.get(mid), flds))
        return {"have": {guid: sorted(ords) for guid, ords in have.items()}, "anki": would}

    def run_import(path):
        importer = AnkiPackageImporter(col, path)
        importer.run()
        return {
            "added": importer.added,
            "updated": importer.updated,
            "skipped": importer.dupes,
            "log": [line for line in importer.log if line and not line.startswith("[")],
        }

    empty = state()
    sort_fields = {"seed": check_sort_fields(args.seed), "update": check_sort_fields(args.update)}
    first = run_import(args.seed)
    col.save()
    seeded = state()

    # Study: day 1, then five days later, through Anki's scheduler.
    guids = [guid for guid in args.review.split(",") if guid]
    if not guids:
        ordered = col.db.list("select n.guid from cards c join notes n on c.nid = n.id order by c.due, c.id")
        guids = ordered[::2]
    def card_id(token):
        guid, _, ord = token.partition(":")
        if ord:
            return col.db.scalar("select c.id from cards c join notes n on c.nid = n.id where n.guid = ? and c.ord = ?", guid, int(ord))
        return col.db.scalar("select c.id from cards c join notes n on c.nid = n.id where n.guid = ? order by c.ord", guid)

    cids = [card_id(token) for token in guids]
    missing = [guid for guid, cid in zip(guids, cids) if cid is None]
    if missing:
        raise SystemExit("reimport.py: no card with GUID " + ", ".join(missing))

    def answer(cid, ease):
        card = col.getCard(cid)
        card.startTimer()
        col.sched.answerCard(card, ease)

    col.sched.reset()  # the queues, as when the student opens the deck
    for index, cid in enumerate(cids):
        if index % 3 == 0:
            answer(cid, 4)  # Easy: straight to review
        else:
            answer(cid, 3)  # Good: next learning step
            answer(cid, 3)  # Good: graduates
    col.crt -= 5 * DAY  # five days pass
    col.setMod()
    col.sched.reset()
    for cid in cids:
        card = col.getCard(cid)
        if card.queue == 2 and card.due <= col.sched.today:
            answer(cid, 3)
    col.save()

    before_notes = notes_by_guid()
    before_cards = cards_by_key()
    seed_ordinals = card_ordinals()
    studied = state()

    second = run_import(args.update)
    col.save()
    after_notes = notes_by_guid()
    after_cards = cards_by_key()
    update_ordinals = card_ordinals()
    final = state()

    added = sorted(guid for guid in after_notes if guid not in before_notes)
    updated = sorted(
        guid
        for guid, note in after_notes.items()
        if guid in before_notes and note["fields"] != before_notes[guid]["fields"]
    )
    reviews = []
    for token, cid in zip(guids, cids):
        guid = token.partition(":")[0]
        key = next(key for key, card in before_cards.items() if card["id"] == cid)
        was = before_cards[key]
        now = after_cards.get(key)
        keys = ["id", "did", "type", "queue", "due", "ivl", "factor", "reps", "lapses", "revlog"]
        kept = now is not None and all(now[key] == was[key] for key in keys)
        reviews.append({
            "guid": guid,
            "card": key,
            "kept": kept,
            "ivl": was["ivl"],
            "reps": was["reps"],
            "revlog": len(was["revlog"]),
            "ivlAfter": now and now["ivl"],
            "repsAfter": now and now["reps"],
            "revlogAfter": now and len(now["revlog"]),
        })
    fronts = [note["fields"][0] for note in after_notes.values()]

    print(json.dumps({
        "anki": anki.version,
        "importer": "anki.importing.apkg.AnkiPackageImporter",
        "scheduler": col.schedVer(),
        "empty": empty,
        "afterSeed": seeded,
        "afterStudy": studied,
        "afterUpdate": final,
        "firstImport": first,
        "secondImport": second,
        "added": [{"guid": guid, **after_notes[guid]} for guid in added],
        "updated": [
            {
                "guid": guid,
                "idBefore": before_notes[guid]["id"],
                "idAfter": after_notes[guid]["id"],
                "midBefore": before_notes[guid]["mid"],
                "midAfter": after_notes[guid]["mid"],
                "modBefore": before_notes[guid]["mod"],
                "modAfter": after_notes[guid]["mod"],
                "fieldsBefore": before_notes[guid]["fields"],
                "fieldsAfter": after_notes[guid]["fields"],
            }
            for guid in updated
        ],
        "notesGone": sorted(guid for guid in before_notes if guid not in after_notes),
        "cardsGone": sorted(key for key in before_cards if key not in after_cards),
        "cardsAdded": sorted(key for key in after_cards if key not in before_cards),
        "ordinals": {"afterSeed": seed_ordinals, "afterUpdate": update_ordinals},
        "reviews": reviews,
        "reviewsKept": all(review["kept"] for review in reviews),
        "duplicateGuids": col.db.scalar("select count() - count(distinct guid) from notes"),
        "duplicateFronts": len(fronts) - len(set(fronts)),
        "media": sorted(os.listdir(col.media.dir())),
        "sortFieldMismatches": sort_fields,
    }, indent=2, ensure_ascii=False))
    col.close()


if __name__ == "__main__":
    main()
