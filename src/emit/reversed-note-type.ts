import {stableNumber} from '../identity/ids.js'

/**
 * The note type of a card asked both ways (`Q:::A`, `??`, Obsidian_to_Anki's
 * `Basic (and reversed card)`, `reverse: true`): the fields of `studydeck`
 * and a second template that asks the back and answers the front, as
 * Anki's own `Basic (and reversed card)` does. One note, two cards (ordinals
 * 0 and 1), so the two directions share the note's history in Anki's
 * browser and update together. Its spec (`note-type.ts`) is `studydeck`'s
 * with this second template and these CSS rules.
 *
 * A note type of its own, not a template added to `studydeck`: Anki makes
 * `studydeck+` and stops updating every note when a known note type's
 * templates change. Its id, name, field names and template names are fixed
 * forever for the same reason; its templates' HTML and CSS may change (the
 * JSON then stamps it anew, as it does `studydeck`).
 */
export const reversedNoteType = {
  id: stableNumber('studydeck/note-type/reversed/v1'),
  name: 'studydeck reversed',
  fields: ['Front', 'Back', 'Context', 'Source'] as const,
  templateNames: ['Card 1', 'Card 2'] as const
}

/** Card 2 asks the back (the context above it) and answers the front. */
export const reverseQuestionTemplate = `<div class="sd-context">{{Context}}</div>
<div class="sd-front sd-reverse">{{Back}}</div>`

export const reverseAnswerTemplate = `{{FrontSide}}
<hr id="answer">
<div class="sd-back">{{Front}}</div>
<div class="sd-source">{{Source}}</div>`

/** Card 2's question is a back: shown as a prompt, after studydeck's card CSS. */
export const reverseRules = `.sd-reverse { font-size: 1.1em; font-weight: 600; }
.sd-reverse > :first-child { margin-top: 0; }
.sd-reverse > :last-child { margin-bottom: 0; }
`
