import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import katex from 'katex'
import 'katex/contrib/mhchem'

/**
 * Math in the preview as Anki shows it. Card HTML holds math for Anki's
 * MathJax (`\(…\)`, `\[…\]`); the page typesets it once, when it is made,
 * with KaTeX (and its mhchem for `\ce{…}`): no script runs for it and the
 * page loads nothing. KaTeX's stylesheet and fonts (woff2, as `data:` URIs)
 * are put in the page only when a card holds math.
 */

/** `\(…\)` and `\[…\]` in text, as the renderer writes them (HTML-escaped). */
const delimited = /\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g

/** Typeset the math of a card's HTML; `used` says whether it held any. */
export function typesetMath(html: string): {html: string; used: boolean} {
  if (!html.includes('\\(') && !html.includes('\\[')) return {html, used: false}
  let used = false
  // Text between tags, outside `<code>`/`<pre>` (MathJax skips them too).
  let code = 0
  const out = html.replace(/(<[^>]*>)|([^<]+)/g, (whole, tag: string | undefined, text: string | undefined) => {
    if (tag) {
      const name = /^<(\/?)(code|pre)\b/i.exec(tag)
      if (name) code += name[1] ? -1 : 1
      return tag
    }
    if (code > 0 || !text) return whole
    return text.replace(delimited, (written, inline?: string, display?: string) => {
      used = true
      const tex = unescape(inline ?? display ?? '')
      try {
        return katex.renderToString(tex, {displayMode: display !== undefined, throwOnError: true, output: 'html', strict: 'ignore', trust: false})
      } catch {
        // What KaTeX cannot typeset stays as written (Anki's MathJax may well typeset it).
        return written
      }
    })
  })
  return {html: out, used}
}

function unescape(value: string): string {
  return value.replace(/&(?:lt|gt|quot|#39|#x27|amp);/g, (entity) => ({'&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&amp;': '&'})[entity]!)
}

let css: string | undefined

/** KaTeX's stylesheet, its fonts inlined (woff2 only: every browser that runs the page reads it). */
export function mathCss(): string {
  if (css !== undefined) return css
  const require = createRequire(import.meta.url)
  const file = require.resolve('katex/dist/katex.min.css')
  const folder = path.dirname(file)
  css = readFileSync(file, 'utf8').replace(/src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)(?:,url\([^)]+\) format\("[^"]+"\))*/g, (_, font: string) => {
    const data = readFileSync(path.join(folder, font)).toString('base64')
    return 'src:url(data:font/woff2;base64,' + data + ') format("woff2")'
  })
  return css
}
