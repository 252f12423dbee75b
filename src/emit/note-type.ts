import {stableNumber} from '../identity/ids.js'

/**
 * The studydeck note type. Anki matches note types by id, and makes a second
 * note type (skipping every update) when the fields or template names of a
 * known id change: the id, field names and template name below are fixed
 * forever. (Anki 2.1.50+ compares fields by their `id` when both sides have
 * one, else by name: the package gives none, so names decide.) The CSS and
 * template HTML may change.
 */
export const noteType = {
  id: stableNumber('studydeck/note-type/v1'),
  name: 'studydeck',
  fields: ['Front', 'Back', 'Context', 'Source'] as const,
  templateName: 'Card 1',
  /**
   * Anki copies a note type's CSS and templates over only when this time is
   * later than the one it has: bump it with every change to them
   * (test/apkg.test.ts holds their digest to remind you). Fixed, so the
   * package bytes do not depend on the clock.
   */
  modified: 1764400000
}

export const questionTemplate = `<div class="sd-context">{{Context}}</div>
<div class="sd-front">{{Front}}</div>`

export const answerTemplate = `{{FrontSide}}
<hr id="answer">
<div class="sd-back">{{Back}}</div>
<div class="sd-source">{{Source}}</div>`

/** Card CSS: readable on desktop and phones, light and night mode. */
export const cardCss = `.card {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  overflow-wrap: break-word;
}
/* One column, its width in px: the smaller context and source lines line up with the rest. */
.sd-front, .sd-back, .sd-context, .sd-source { max-width: 760px; margin-left: auto; margin-right: auto; }
.sd-context { font-size: 0.65em; color: #59636e; margin-bottom: 0.6em; }
.sd-lead { font-size: 0.85em; color: #59636e; }
.sd-prompt { font-size: 1.1em; font-weight: 600; }
.sd-hint { font-size: 0.75em; font-weight: normal; color: #59636e; white-space: nowrap; }
.sd-back > :first-child { margin-top: 0; }
.sd-back ul, .sd-back ol, .sd-body ul, .sd-body ol { padding-left: 1.4em; }
.sd-body { margin-top: 0.5em; font-size: 0.9em; }
.sd-back li + li { margin-top: 0.25em; }
.card img { max-width: 100%; height: auto; }
.sd-back table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
.sd-back th, .sd-back td { border: 1px solid #d1d9e0; padding: 0.2em 0.5em; vertical-align: top; }
.sd-back th { background: #f6f8fa; }
.sd-back pre, .sd-body pre { overflow-x: auto; padding: 0.6em; background: #f6f8fa; border-radius: 6px; }
.sd-back blockquote { margin: 0 0 0 0.2em; padding-left: 0.8em; border-left: 3px solid #d1d9e0; color: #59636e; }
.sd-back .math { overflow-x: auto; }
a { color: #0969da; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: rgba(129, 139, 152, 0.15); padding: 0.1em 0.3em; border-radius: 4px; }
pre code { background: none; padding: 0; }
.sd-source { margin-top: 1.2em; font-size: 0.6em; color: #818b98; }
hr#answer { border: none; border-top: 1px solid #d1d9e0; margin: 1em 0; }
@media (max-width: 480px) { .card { font-size: 18px; } .sd-back ul, .sd-back ol { padding-left: 1.1em; } }
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card { color: #e6edf3; background-color: #0d1117; }
.nightMode .sd-context, .nightMode .sd-lead, .nightMode .sd-hint, .nightMode .sd-back blockquote,
.night_mode .sd-context, .night_mode .sd-lead, .night_mode .sd-hint, .night_mode .sd-back blockquote { color: #9198a1; }
.nightMode a, .night_mode a { color: #4493f8; }
.nightMode .sd-back pre, .nightMode .sd-body pre, .nightMode .sd-back th, .night_mode .sd-back pre, .night_mode .sd-body pre, .night_mode .sd-back th { background: #161b22; }
.nightMode .sd-back th, .nightMode .sd-back td, .nightMode .sd-back blockquote, .nightMode hr#answer,
.night_mode .sd-back th, .night_mode .sd-back td, .night_mode .sd-back blockquote, .night_mode hr#answer { border-color: #3d444d; }
`
