/**
 * Reference links, reference images and footnotes in a card: their
 * definitions are elsewhere in the document (usually at its end), and the
 * card must show what the document shows.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {compileDeck} from '../src/build/compile.js'
import {workspace} from './helpers/cli.js'

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function compile(markdown: string) {
  const dir = workspace({'notes.md': markdown, 'img/cell.png': png})
  const file = new VFile({path: path.join(dir, 'notes.md'), value: readFileSync(path.join(dir, 'notes.md'), 'utf8')})
  const compiled = compileDeck(file, {now: () => 1_700_000_000})
  return {...compiled, file}
}

describe('definitions from elsewhere in the document', () => {
  const {document, media, file} = compile(
    [
      '# Cells',
      '',
      '## What is a membrane?',
      '',
      'A barrier, see [the atlas][atlas] or [Atlas], drawn in ![a cell][cell], with a caveat.[^1] And [nothing][nowhere].',
      '',
      '## What does ATP store?[^3]',
      '',
      'Energy.',
      '',
      '## Terms',
      '',
      '- **Nucleus**: holds the [genome][] of the cell.',
      '- **Ribosome**: makes proteins.[^2]',
      '',
      '[atlas]: https://example.org/atlas "The Atlas"',
      '[genome]: https://example.org/genome',
      '[cell]: img/cell.png',
      '[^1]: Simplified; see [the atlas][atlas].',
      '[^2]: In every cell.',
      '[^3]: Adenosine triphosphate.',
      ''
    ].join('\n')
  )
  const card = (front: string) => document.cards.find((card) => card.front === front)!

  it('resolves reference links to their definitions', () => {
    const back = card('What is a membrane?').backHtml
    expect(back).toContain('<a href="https://example.org/atlas" title="The Atlas">the atlas</a>')
    expect(back).toContain('<a href="https://example.org/atlas" title="The Atlas">Atlas</a>')
    expect(card('Terms › Nucleus').backHtml).toContain('<a href="https://example.org/genome">genome</a>')
  })

  it('keeps a reference without a definition as the text it is', () => {
    expect(card('What is a membrane?').backHtml).toContain('[nothing][nowhere]')
  })

  it('packs a local image named by a reference like any other image', () => {
    expect(media.map((file) => path.basename(file.path))).toEqual(['cell.png'])
    expect(card('What is a membrane?').backHtml).toContain(`<img src="${media[0].name}" alt="a cell">`)
    expect(file.messages.filter((message) => message.ruleId?.startsWith('image'))).toEqual([])
  })

  it('shows the footnotes a card refers to under its answer, their own links resolved', () => {
    const back = card('What is a membrane?').backHtml
    expect(back).toMatch(/<sup><a href="#user-content-fn-1"[^>]*>1<\/a><\/sup>/)
    expect(back).toContain('<section data-footnotes class="footnotes">')
    expect(back).toContain('Simplified; see <a href="https://example.org/atlas" title="The Atlas">the atlas</a>.')
    expect(back).not.toContain('In every cell')
    expect(card('Terms › Ribosome').backHtml).toContain('In every cell.')
    expect(card('Terms › Ribosome').back).toBe('makes proteins.')
  })

  it('shows a footnote of the question under the answer, where the student reads it', () => {
    const asked = card('What does ATP store?')
    expect(asked.frontHtml).toMatch(/<sup><a href="#user-content-fn-3"[^>]*>1<\/a><\/sup>/)
    expect(asked.frontHtml).not.toContain('Adenosine')
    expect(asked.backHtml).toMatch(/^<p>Energy\.<\/p>\n<section data-footnotes class="footnotes">[\s\S]*Adenosine triphosphate\./)
  })
})
