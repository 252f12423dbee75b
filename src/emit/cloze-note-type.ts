import {stableNumber} from '../identity/ids.js'

/**
 * The note type of cloze notes: Anki's kind "cloze" (type 1), one template
 * whose question and answer both show `{{cloze:Text}}`, so Anki makes a
 * card per deletion number (card ordinal = number − 1) and hides on each
 * the deletions of its number. Fields: `Text` (the deletions written
 * `{{c1::…}}`), `Back Extra` (shown under the answer), then studydeck's
 * `Context` and `Source`. Its spec is in `note-type.ts`, its CSS
 * studydeck's with these rules.
 *
 * Anki never merges a cloze note type with a regular one, so this is a
 * note type of its own; its id, name, field names and template name are
 * fixed forever (changing them makes Anki create `studydeck cloze+` and
 * stop updating every note). The template HTML and CSS may change.
 */
export const clozeNoteType = {
  id: stableNumber('studydeck/note-type/cloze/v1'),
  name: 'studydeck cloze',
  fields: ['Text', 'Back Extra', 'Context', 'Source'] as const,
  templateName: 'Cloze'
}

export const clozeQuestionTemplate = `<div class="sd-context">{{Context}}</div>
<div class="sd-cloze">{{cloze:Text}}</div>`

export const clozeAnswerTemplate = `<div class="sd-context">{{Context}}</div>
<div class="sd-cloze">{{cloze:Text}}</div>
<div class="sd-extra">{{Back Extra}}</div>
<div class="sd-source">{{Source}}</div>`

/** How a deletion shows (bold, blue as in Anki's own; lighter in night mode), after studydeck's card CSS. */
export const clozeRules = `.sd-cloze, .sd-extra { max-width: 760px; margin-left: auto; margin-right: auto; }
.sd-cloze { font-size: 1.05em; }
.sd-extra { margin-top: 1em; font-size: 0.9em; color: #59636e; }
.sd-extra:empty { display: none; }
.cloze { font-weight: bold; color: #0969da; }
.nightMode .cloze, .night_mode .cloze { color: #4493f8; }
.nightMode .sd-extra, .night_mode .sd-extra { color: #9198a1; }
`
