/**
 * Cloze and reversed notes on a real Anki (issue 18): the notes a student
 * starts with, and the edits made before the second import.
 */
import {readFileSync, writeFileSync} from 'node:fs'

/** Both directions for the vocabulary; three cloze notes; one question. */
export const clozeNotes = `---
reverse: true
---
# Physiology

## Vocabulary

- Herz: heart
- Lunge: lung

## The heart

The {{c1::sinoatrial node}} starts each beat and the {{c2::atrioventricular node}} delays it.

The {{c1::left ventricle}} has the {{c2::thickest}} wall and pumps into the {{c3::aorta}}.

Blood returns to the heart through the {{c1::venae cavae}}.

## Questions

### Why is the left ventricle wall the thickest?

It pumps blood through the whole body.
`

/** The notes the edits touch, by a few words of them. */
export const touchedNotes = {
  /** One deletion edited, one added (c3). */
  pacemaker: 'starts each beat',
  /** Its c2 taken away. */
  ventricle: 'has the',
  /** An answer edited. */
  lung: 'Lunge'
}

/** Edit one deletion and add one, take a deletion away, edit a reversed note's answer. */
export function editClozeNotes(file: string): void {
  let text = readFileSync(file, 'utf8')
  const replace = (from: string, to: string) => {
    if (!text.includes(from)) throw new Error('The cloze notes changed: `' + from + '` is not in them')
    text = text.replace(from, to)
  }
  replace('{{c1::sinoatrial node}} starts each beat', '{{c1::sinoatrial (SA) node}} starts {{c3::each beat}}')
  replace('has the {{c2::thickest}} wall', 'has the thickest wall')
  replace('- Lunge: lung', '- Lunge: lung (the organ of breathing)')
  writeFileSync(file, text)
}
