/**
 * The student's story, as files: the seed notes copied into a folder, then
 * edited the way a student edits them between two imports.
 */
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

export const project = path.resolve(import.meta.dirname, '../..')

/** A 1×1 PNG: an image the notes can show. */
export const pixelPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/** Copy `source/ketamine.md` into `folder/notes/`; returns the copy's path. */
export function seedNotes(folder: string): string {
  const notes = path.join(folder, 'notes')
  mkdirSync(notes, {recursive: true})
  const file = path.join(notes, 'ketamine.md')
  copyFileSync(path.join(project, 'source/ketamine.md'), file)
  return file
}

/** The fronts of the cards each edit touches, as the seed build writes them. */
export const touched = {
  answer: 'Ketamine Is Used For What Types of Depression?',
  cell: 'Common Uses of Ketamine with Typical Dosages › Treatment-resistant depression — Typical Dose Range?',
  reworded: 'Ketamine Is Used For What Role in Anesthesia?',
  removedRow: [
    'Common Uses of Ketamine with Typical Dosages › Pain management during surgery/emergency care — Dosing Method?',
    'Common Uses of Ketamine with Typical Dosages › Pain management during surgery/emergency care — Typical Dose Range?'
  ]
}

/** What the edited notes say instead. */
export const edited = {
  answer: 'It works rapidly to reduce symptoms, often within hours.',
  cell: '0.5 mg/kg over 40-60 minutes',
  reworded: 'Ketamine Is Used For What Role in General Anesthesia?',
  added: 'Ketamine Is Used For What in Veterinary Medicine?',
  image: 'img/induction.png'
}

/**
 * Edit the notes as a student would: an answer, a table cell, a question
 * reworded by one word, a new question (with math and an image), a table row
 * removed.
 */
export function editNotes(file: string): void {
  let text = readFileSync(file, 'utf8')
  const replace = (from: string, to: string) => {
    if (!text.includes(from)) throw new Error('The seed notes changed: `' + from + '` is not in them')
    text = text.replace(from, to)
  }
  replace('It works rapidly to reduce symptoms, often within hours or days, unlike traditional antidepressants that may take weeks to show effects.', edited.answer)
  replace('| Treatment-resistant depression | IV infusion | 0.5 mg/kg over 40 minutes |', '| Treatment-resistant depression | IV infusion | ' + edited.cell + ' |')
  replace('### ' + touched.reworded, '### ' + edited.reworded)
  replace(
    '## Ketamine Clinics:',
    '### ' + edited.added + '\n\nAs an anesthetic for cats, dogs and horses, at $d<5$ mg/kg:\n\n![Induction](' + edited.image + ')\n\n## Ketamine Clinics:'
  )
  replace('| Pain management during surgery/emergency care | IV/IM bolus or infusion | 0.5-2 mg/kg bolus; maintenance infusions vary widely |\n', '')
  writeFileSync(file, text)
  mkdirSync(path.join(path.dirname(file), path.dirname(edited.image)), {recursive: true})
  writeFileSync(path.join(path.dirname(file), edited.image), pixelPng)
}

/**
 * A document titled `# Biology` asking `What is a cell?` (its answer names
 * `letter`) and `What is LETTER?`: files made from it land in one deck and
 * share a question, as in issue 16's report.
 */
export function biologyNotes(letter: string): string {
  return '# Biology\n\n## FAQ\n\n### What is a cell?\n\nThe unit of life (' + letter + ').\n\n### What is ' + letter + '?\n\nA letter.\n'
}
