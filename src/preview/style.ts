import {cardCss} from '../emit/note-type.js'

/**
 * The Anki card CSS, made to fit a page of many cards: Anki's one
 * `<hr id="answer">` becomes a class (an id may appear once per page), and
 * the night mode rules also apply when the system asks for dark colors.
 */
export function previewCardCss(css = cardCss): string {
  const page = css.replaceAll('#answer', '.' + answerRuleClass)
  return page + '\n' + darkFromNightMode(page)
}

/** The class that stands in for Anki's `id="answer"` on the rule between front and back. */
export const answerRuleClass = 'sd-rule'

/**
 * Anki marks night mode with a `.nightMode` (or `.night_mode`) class on the
 * card's body; a page has `prefers-color-scheme` instead. `:root` takes the
 * class's place (`.card.nightMode` → `:root .card`, `.nightMode a` →
 * `:root a`), so each rule keeps its specificity and wins over the light rule
 * as it does in Anki.
 */
export function darkFromNightMode(css: string): string {
  const rules: string[] = []
  for (const match of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selectors = match[1]
      .split(',')
      .map((selector) => selector.trim())
      .filter((selector) => /\.(nightMode|night_mode)\b/.test(selector))
      .map((selector) => selector.split(/\s+/).map(withoutNightClass).join(' '))
    if (selectors.length > 0) rules.push('  ' + [...new Set(selectors)].join(', ') + ' {' + match[2] + '}')
  }
  return rules.length > 0 ? '@media (prefers-color-scheme: dark) {\n' + rules.join('\n') + '\n}\n' : ''
}

function withoutNightClass(compound: string): string {
  if (!/\.(nightMode|night_mode)\b/.test(compound)) return compound
  const rest = compound.replace(/\.(nightMode|night_mode)\b/g, '')
  return rest ? ':root ' + rest : ':root'
}

/** The page around the cards: GitHub’s palette, as the card CSS uses. */
export const pageCss = `:root {
  color-scheme: light dark;
  --bg: #f6f8fa; --panel: #ffffff; --text: #1f2328; --muted: #59636e; --border: #d1d9e0;
  --accent: #0969da; --on-accent: #ffffff; --faq: #8250df; --table: #0969da; --list: #1a7f37;
  --shadow: 0 1px 2px rgba(31, 35, 40, 0.06), 0 3px 10px rgba(31, 35, 40, 0.06);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #010409; --panel: #0d1117; --text: #e6edf3; --muted: #9198a1; --border: #3d444d;
    --accent: #4493f8; --on-accent: #010409; --faq: #ab7df8; --table: #4493f8; --list: #3fb950;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.sd-skip { position: absolute; left: 1rem; top: -4rem; padding: 0.5rem 1rem; background: var(--panel); border-radius: 8px; z-index: 2; }
.sd-skip:focus { top: 1rem; }
.sd-page { max-width: 76rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.sd-eyebrow { margin: 0; font-size: 0.75rem; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
h1 { margin: 0.15em 0 0.2em; font-size: clamp(1.35rem, 4vw, 2rem); line-height: 1.2; }
.sd-subtitle { margin: 0 0 1rem; color: var(--muted); }
.sd-messages { margin: 0 0 1rem; padding: 0.6rem 1rem; border: 1px solid #d4a72c; border-radius: 10px; background: rgba(212, 167, 44, 0.1); }
.sd-messages summary { cursor: pointer; font-weight: 600; }
.sd-messages ul { margin: 0.5rem 0 0; padding-left: 1.2rem; }
.sd-controls { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem 1rem; padding: 0.75rem 0; background: var(--bg); border-bottom: 1px solid var(--border); }
@media (min-width: 48rem) { .sd-controls { position: sticky; top: 0; z-index: 1; } }
.sd-field { flex: 1 1 14rem; min-width: 0; }
.sd-field label, .sd-label { display: block; margin-bottom: 0.25rem; font-size: 0.8rem; font-weight: 600; color: var(--muted); }
.sd-field input, .sd-field select { width: 100%; min-height: 2.6rem; padding: 0.4rem 0.7rem; font: inherit; color: var(--text); background: var(--panel); border: 1px solid var(--border); border-radius: 8px; }
.sd-kinds { display: flex; flex-wrap: wrap; gap: 0.4rem; }

.sd-field.sd-kind-field { flex: 0 1 auto; }
button { min-height: 2.6rem; padding: 0.35rem 0.9rem; font: inherit; color: var(--text); background: var(--panel); border: 1px solid var(--border); border-radius: 999px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button[aria-pressed="true"] { color: var(--on-accent); background: var(--accent); border-color: var(--accent); }
.sd-count { margin-left: 0.3em; font-variant-numeric: tabular-nums; opacity: 0.8; }
.sd-bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; margin: 0.75rem 0; }
.sd-status { margin: 0; color: var(--muted); font-size: 0.9rem; }
.sd-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr)); align-items: start; gap: 1rem; margin: 0; padding: 0; list-style: none; }
.sd-item { display: flex; flex-direction: column; background: var(--panel); border: 1px solid var(--border); border-radius: 14px; box-shadow: var(--shadow); overflow: hidden; }
.sd-item[hidden] { display: none; }
.sd-item.is-flipped { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent), var(--shadow); }
.sd-meta { display: flex; align-items: center; justify-content: space-between; gap: 0.75rem; padding: 0.7rem 1rem 0; font-size: 0.8rem; }
.sd-kind { padding: 0.05rem 0.55rem; font-size: 0.7rem; font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; border: 1px solid currentColor; border-radius: 999px; }
.sd-kind-faq { color: var(--faq); } .sd-kind-table { color: var(--table); } .sd-kind-list { color: var(--list); } .sd-kind-cloze, .sd-kind-flashcard { color: var(--accent); }
/* A cloze card's answer is its text again, deletions shown: it takes the question's place, as in Anki. */
.is-flipped .sd-question.sd-replaced { display: none; }
.sd-meta .sd-line { min-width: 0; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; color: var(--muted); }
.sd-item .card { flex: 1; padding: 0.4rem 1rem 0.9rem; cursor: pointer; }
/* The page's list of cards would make the browser draw a card's lists as nested ones; Anki draws them at the top level. */
.sd-item .card ul { list-style-type: disc; } .sd-item .card ul ul { list-style-type: circle; } .sd-item .card ul ul ul { list-style-type: square; }
.sd-flip { align-self: flex-start; margin: 0 1rem 1rem; }
.sd-empty { padding: 2rem 1rem; text-align: center; color: var(--muted); }
.sd-footer { margin-top: 2rem; font-size: 0.85rem; color: var(--muted); }
kbd { padding: 0 0.35em; font: 0.85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; }
@media (max-width: 30rem) { .sd-page { padding: 1rem 0.75rem 2rem; } .sd-item .card, .sd-meta { padding-left: 0.8rem; padding-right: 0.8rem; } }
`
