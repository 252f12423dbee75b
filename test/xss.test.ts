import {parseFragment, serialize, type DefaultTreeAdapterMap} from 'parse5'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {writeApkg} from '../src/emit/apkg.js'
import {toJson} from '../src/emit/json.js'
import {answerTemplate, questionTemplate} from '../src/emit/note-type.js'
import {compileDeck} from '../src/build/compile.js'
import {cardSchema} from '../src/render/card-schema.js'
import type {Card} from '../src/shared/types.js'
import {readApkg} from './helpers/apkg.js'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/**
 * Payloads in the style of the OWASP XSS filter evasion cheat sheet, plus
 * mutation XSS and Markdown's own ways to make a link or an image. Every one
 * goes through every place a card's HTML can come from.
 */
const payloads = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//xss.rocks/xss.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(1);">',
  '<IMG SRC=" &#14;  javascript:alert(1);">',
  '<IMG """><SCRIPT>alert(1)</SCRIPT>"\\>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<BODY ONLOAD=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="jav&#x0A;ascript:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="file:///etc/passwd">x</a>',
  '<a href="x" onclick="alert(1)" target="_blank">x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<div style="width: expression(alert(1))">x</div>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button><input type="submit"></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<input onfocus=alert(1) autofocus>',
  '<video><source onerror="alert(1)"></video>',
  '<picture><source srcset="javascript:alert(1)"><img src="x"></picture>',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<template><script>alert(1)</script></template>',
  '<textarea></textarea><script>alert(1)</script>',
  '<p id="qa" name="answer">clobber</p>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<x onclick=alert(1)>click</x>',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](javascript&#58;alert(1))',
  '[x](&#x6A;avascript:alert(1))',
  '[x]( javascript:alert(1))',
  '[x](<javascript:alert(1)>)',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](file:///etc/passwd)',
  '<javascript:alert(1)>',
  '[x][evil]',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x][evilimage]',
  '[latex]\\immediate\\write18{touch /tmp/pwned}[/latex]',
  '[$]\\input{/etc/passwd}[/$]'
]

/** Reference definitions used by `[x][evil]` and `![x][evilimage]`. */
const definitions = '\n\n[evil]: javascript:alert(1)\n[evilimage]: javascript:alert(1)\n'

/** Where a payload can stand. Each keeps the word `Safe` so that a card is always made. */
const places: Record<string, (payload: string) => string> = {
  'FAQ answer (inline)': (payload) => `# Notes\n\n## Why is it safe?\n\nSafe ${payload} text.\n`,
  'FAQ answer (block)': (payload) => `# Notes\n\n## Why is it safe?\n\nSafe text.\n\n${payload}\n`,
  'FAQ question (heading)': (payload) => `# Notes\n\n## Safe ${payload} why?\n\nBecause.\n`,
  'Q:/A: pair': (payload) => `# Notes\n\nQ: Safe ${payload} what?\n\nA: Safe ${payload} answer.\n`,
  'details/summary': (payload) => `# Notes\n\n<details><summary>Safe ${payload} why?</summary>\n\nSafe ${payload} answer.\n\n</details>\n`,
  'table cell': (payload) => `# Notes\n\n| Key | Value |\n| --- | --- |\n| Row | Safe ${cell(payload)} text |\n`,
  'table row key and header': (payload) => `# Notes\n\n| Key | Safe ${cell(payload)} |\n| --- | --- |\n| Safe ${cell(payload)} | Safe value |\n`,
  'list definition': (payload) => `# Notes\n\n## Terms\n\n- Alpha: Safe ${payload} text\n- Beta: Safe text\n`,
  'list term': (payload) => `# Notes\n\n## Terms\n\n- **Safe ${payload}**: a definition\n- Beta: Safe text\n`,
  'list enumeration item': (payload) => `# Notes\n\nThe safe parts are:\n\n- Safe ${payload} one\n- Safe two\n`,
  'heading above cards (context)': (payload) => `# Notes ${payload}\n\n## Section ${payload}\n\n- Alpha: Safe text\n- Beta: Safe text\n`
}

function cell(payload: string): string {
  return payload.replace(/\|/g, '\\|')
}

/** Elements that may appear, in the HTML namespace only: the sanitizer's list plus our own wrappers. */
const allowedElements = new Set([...(cardSchema.tagNames ?? []), 'div', 'span', 'hr'])
/** Attributes that hold a URL, in any element. */
const urlAttributes = new Set(['href', 'src', 'cite', 'longdesc', 'action', 'formaction', 'srcset', 'background', 'poster', 'xlink:href', 'data', 'codebase', 'dynsrc', 'lowsrc', 'ping', 'manifest', 'icon'])
const allowedSchemes = new Set(['http', 'https', 'mailto'])
const htmlNamespace = 'http://www.w3.org/1999/xhtml'

/** Anki puts card HTML into a `<div>`: parse it the way a browser does there. */
function parseAsAnki(html: string): DefaultTreeAdapterMap['documentFragment'] {
  const context = parseFragment('<div></div>').childNodes[0] as Element
  return parseFragment(context, html, {})
}

/** Every way `html` is executable, as a browser would parse it (empty when safe). */
function problems(html: string): string[] {
  const found: string[] = []
  const visit = (node: Node) => {
    if ('tagName' in node) {
      if (node.namespaceURI !== htmlNamespace) found.push('<' + node.tagName + '> in ' + node.namespaceURI)
      if (!allowedElements.has(node.tagName)) found.push('<' + node.tagName + '> is not allowed')
      for (const attribute of node.attrs) {
        const name = (attribute.prefix ? attribute.prefix + ':' : '') + attribute.name.toLowerCase()
        if (name.startsWith('on')) found.push('event handler ' + name + ' on <' + node.tagName + '>')
        if (name === 'style' || name === 'srcdoc' || name === 'formaction' || name === 'action') found.push(name + ' on <' + node.tagName + '>')
        if ((name === 'id' || name === 'name') && !attribute.value.startsWith('user-content-')) found.push(name + '="' + attribute.value + '" can clobber Anki’s page')
        if (urlAttributes.has(name)) {
          const scheme = schemeOf(attribute.value)
          if (scheme !== undefined && !allowedSchemes.has(scheme)) found.push(name + '="' + attribute.value + '" on <' + node.tagName + '>')
        }
        if (/^\s*(?:java|vb)script:/i.test(attribute.value.replace(/[\t\n\r]/g, ''))) found.push(name + ' holds a script URL')
      }
      if (node.tagName === 'template') visit((node as DefaultTreeAdapterMap['template']).content)
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
  }
  const fragment = parseAsAnki(html)
  visit(fragment)
  // Mutation XSS needs markup that a second parse reads differently: ours must be stable.
  const once = serialize(fragment)
  if (serialize(parseAsAnki(once)) !== once) found.push('not stable when parsed again: ' + once)
  if (/\[(?:latex|\$\$?)\]/i.test(html)) found.push('Anki LaTeX markup')
  return found
}

/** The scheme of a URL as a browser reads it (controls and spaces around dropped, tabs and newlines inside removed). */
function schemeOf(url: string): string | undefined {
  const cleaned = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
  return /^([a-z][a-z\d+.-]*):/i.exec(cleaned)?.[1].toLowerCase()
}

function compile(markdown: string): Card[] {
  const file = new VFile({path: 'notes.md', value: markdown})
  const {document} = compileDeck(file, {now: () => 1764100000})
  // What the JSON holds, read back as a consumer would.
  return (JSON.parse(toJson(document)) as {cards: Card[]}).cards
}

describe('XSS payloads', () => {
  it('the checker itself catches what it must', () => {
    expect(problems('<img src=x onerror=alert(1)>')).not.toEqual([])
    expect(problems('<a href="jav&#x09;ascript:alert(1)">x</a>')).not.toEqual([])
    expect(problems('<svg><a>x</a></svg>')).not.toEqual([])
    expect(problems('<iframe></iframe>')).not.toEqual([])
    expect(problems('<p style="x">y</p>')).not.toEqual([])
    expect(problems('<p id="qa">y</p>')).not.toEqual([])
    expect(problems('<p>[latex]x[/latex]</p>')).not.toEqual([])
    expect(problems('<p><a href="https://example.com">x</a> <img src="a1b2.png" alt="y"></p>')).toEqual([])
  })

  for (const [place, make] of Object.entries(places)) {
    it('reach neither the JSON HTML nor the Anki fields from a ' + place, async () => {
      const all: Card[] = []
      for (const payload of payloads) {
        const cards = compile(make(payload) + definitions)
        // The payload really went somewhere: a card was made from the text around it.
        expect(cards.length, payload).toBeGreaterThan(0)
        expect(cards.some((card) => /safe/i.test(card.front + ' ' + card.back)), payload).toBe(true)
        for (const card of cards) {
          expect(problems(card.frontHtml), payload + ' → ' + card.frontHtml).toEqual([])
          expect(problems(card.backHtml), payload + ' → ' + card.backHtml).toEqual([])
        }
        all.push(...cards.map((card, index) => ({...card, id: card.id + '-' + all.length + '-' + index})))
      }

      const apkg = await readApkg(await writeApkg([{name: 'XSS', cards: all}]))
      expect(apkg.notes).toHaveLength(all.length)
      for (const note of apkg.notes) {
        const [front, back, context, source] = String(note.flds).split('\u001F')
        for (const field of [front, back, context, source]) expect(problems(field), field).toEqual([])
        // The card as Anki shows it: fields put into the note type's templates.
        const question = questionTemplate.replace('{{Context}}', context).replace('{{Front}}', front)
        const answer = answerTemplate.replace('{{FrontSide}}', question).replace('{{Back}}', back).replace('{{Source}}', source)
        expect(problems(answer.replace(/<hr id="?answer"?>/, '<hr>'))).toEqual([])
      }
    })
  }

  it('keeps what is safe: links, images, formatting', () => {
    const [card] = compile('# Notes\n\n## What is kept?\n\n**Bold** [a link](https://example.com "t") <a href="mailto:a@b.c">mail</a> <kbd>Ctrl</kbd> <sub>2</sub> ![remote](https://example.com/a.png)\n')
    expect(card.backHtml).toBe(
      '<p><strong>Bold</strong> <a href="https://example.com" title="t">a link</a> <a href="mailto:a@b.c">mail</a> <kbd>Ctrl</kbd> <sub>2</sub> <img src="https://example.com/a.png" alt="remote"></p>'
    )
  })

  it('drops the content of script, style and iframe instead of showing it as text', () => {
    const [card] = compile('# Notes\n\n## What is dropped?\n\nSafe <style>p{color:red}</style><script>alert(1)</script><iframe srcdoc="x">fallback</iframe> text.\n')
    expect(card.backHtml).toBe('<p>Safe  text.</p>')
  })
})

describe('an answer that is only unsafe HTML', () => {
  it('is no card: nothing would show on its back', () => {
    const file = new VFile({
      path: 'unsafe.md',
      value: '# T\n\n## Block script?\n\n<script>alert(1)</script>\n\n## Inline script?\n\n<span><script>alert(1)</script></span>\n\n## Kept?\n\nYes <b>bold</b>.\n'
    })
    const {document} = compileDeck(file, {now: () => 1_700_000_000})
    expect(document.cards.map((card) => [card.front, card.back, card.backHtml])).toEqual([['Kept?', 'Yes bold.', '<p>Yes <b>bold</b>.</p>']])
    expect(file.messages.filter((message) => message.ruleId === 'card-empty').map((message) => message.line)).toEqual([3, 7])
  })
})
