import {readFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {toJson} from '../src/emit/json.js'
import {parseMarkdown} from '../src/parse/markdown.js'
import {compileDeck} from '../src/build/compile.js'
import {sections} from '../src/large/sections.js'
import {pieceTrees} from '../src/parse/pieces.js'
import {documents} from './helpers/documents.js'

/**
 * A large document is compiled a section at a time (`src/large/sections.ts`).
 * Made to cut small documents into sections (pieces of a few characters),
 * the compile must give the same deck, byte for byte, and the same
 * messages as the compile of the whole document.
 */
const tiny = 16

function compileBoth(value: string, name = 'notes.md', root?: string) {
  const compile = (pieceSize?: number) => {
    const file = new VFile({path: name, value})
    const {document} = compileDeck(file, {now: () => 1_700_000_000, pieceSize, ...(root ? {root} : {})})
    const messages = file.messages.map((message) => [message.line, message.column, message.ruleId, message.fatal, message.reason].join(' · ')).sort()
    return {json: toJson(document), messages}
  }
  return {whole: compile(), inSections: compile(tiny), sections: countSections(value)}
}

function countSections(value: string): number {
  let count = 0
  for (const section of sections(pieceTrees(value, parseMarkdown, tiny))) if (section) count++
  return count
}


describe('a document compiled in sections', () => {
  let cut = 0
  for (const {name, file, root} of documents) {
    it(name + ': the same deck and messages as whole', () => {
      const {whole, inSections, sections} = compileBoth(readFileSync(file, 'utf8'), path.relative(process.cwd(), file), root)
      expect(inSections.json).toBe(whole.json)
      expect(inSections.messages).toEqual(whole.messages)
      if (sections > 1) cut++
    })
  }
  it('cut most of those documents into several sections', () => {
    expect(cut).toBeGreaterThanOrEqual(20)
  })

  it('does not cut inside a question whose answer has sub-headings', () => {
    const value = '# Notes\n\n## What is ATP?\n\nThe energy currency.\n\n### Details\n\nMade in mitochondria.\n\n## Other\n\n- a: b\n- c: d\n'
    const {whole, inSections, sections} = compileBoth(value)
    expect(inSections.json).toBe(whole.json)
    expect(sections).toBe(2)
    expect(JSON.parse(inSections.json).cards[0].back).toContain('Made in mitochondria.')
  })

  it('does not cut inside an ignored range or a <details>', () => {
    // `## B` and `## Inside` follow a paragraph, as a heading a section may start with does.
    const value =
      '# T\n\n## A\n\nQ: one?\n\nA: yes\n\n<!-- studydeck-ignore-start -->\n\nIntro.\n\n## B\n\nQ: two?\n\nA: no\n\n<!-- studydeck-ignore-end -->\n\nText.\n\n' +
      '## C\n\n<details><summary>Why three?</summary>\n\nText.\n\n## Inside\n\nBecause.\n\n</details>\n\nText.\n\n## D\n\nQ: four?\n\nA: maybe\n'
    const {whole, inSections, sections} = compileBoth(value)
    expect(inSections.json).toBe(whole.json)
    expect(inSections.messages).toEqual(whole.messages)
    // `# T` | `## A` … | `## C` … (the last piece is never cut).
    expect(sections).toBe(3)
    expect(JSON.parse(inSections.json).cards.map((card: {front: string}) => card.front)).toEqual(['one?', 'Why three?', 'four?'])
  })

  it('keeps the title of a first heading that outranks the others, and not of one that does not', () => {
    for (const value of ['## Appendix B\n\n### A?\n\nYes.\n\n### B?\n\nNo.\n', '## First\n\nQ: a?\n\nA: b\n\n## Second\n\nQ: c?\n\nA: d\n']) {
      const {whole, inSections} = compileBoth(value)
      expect(inSections.json).toBe(whole.json)
    }
  })

  it('renders a reference whose definition is sections further down', () => {
    const value = '# T\n\n## A\n\n- Cell: see [the atlas][atlas] and [^1]\n- Gene: a unit\n\n## B\n\n- Mito: power\n- Ribo: protein\n\n[atlas]: https://example.com/atlas\n\n[^1]: A footnote.\n'
    const {whole, inSections, sections} = compileBoth(value)
    expect(sections).toBe(2)
    expect(inSections.json).toBe(whole.json)
    expect(JSON.parse(inSections.json).cards[0].backHtml).toContain('href="https://example.com/atlas"')
  })

  it('renders a card once the definitions it waits for come, one section after another', () => {
    // The footnote (section C) refers to a link defined in section D; `[nowhere]` is never defined and stays text.
    const value =
      '# T\n\n## A\n\n- Cell: see [^1] and [nowhere]\n- Gene: a [unit][]\n\n## B\n\n- Mito: power\n- Ribo: protein\n\n## C\n\n- Golgi: ships\n- Lyso: cleans\n\n[^1]: As [the atlas][atlas] says.\n\n[unit]: https://example.com/unit\n\n## D\n\n- Vacuole: stores\n- Wall: holds\n\n[atlas]: https://example.com/atlas\n'
    const {whole, inSections, sections} = compileBoth(value)
    expect(sections).toBe(4)
    expect(inSections.json).toBe(whole.json)
    expect(inSections.messages).toEqual(whole.messages)
    const [cell, gene] = JSON.parse(inSections.json).cards
    expect(cell.backHtml).toContain('href="https://example.com/atlas"')
    expect(cell.back).toContain('[nowhere]')
    expect(gene.backHtml).toContain('href="https://example.com/unit"')
  })

  it('keeps a section that starts with indented code out of a footnote stand-in', () => {
    // Found by the property test: the stand-in `[^1]: x` took the indented lines after it as its own.
    const value = '    - cell: cell\nQ: [^1] ?\n\nA: ?\n\n# B\n\n- Mito: power\n- Ribo: protein\n\n[^1]:\n    Indented footnote.\n'
    // Parsed in two pieces (cut before `# B`), the second holding the definition.
    const {whole, inSections} = compileBoth(value)
    expect(inSections.json).toBe(whole.json)
    expect(inSections.messages).toEqual(whole.messages)
    expect(whole.messages.some((message) => message.includes('card-front-is-back'))).toBe(true)
  })

  it('parses whole when a line looked like a definition and was not', () => {
    // `[x]: y` in a code block: the line scan predicts a definition that the parse does not find.
    const value = '# T\n\n## A\n\n- One: see [x]\n- Two: three\n\n## B\n\n```\n[x]: https://example.com\n```\n\n- Four: five\n- Six: seven\n'
    const {whole, inSections} = compileBoth(value)
    expect(inSections.json).toBe(whole.json)
    expect(inSections.messages).toEqual(whole.messages)
    expect(JSON.parse(inSections.json).cards[0].back).toBe('see [x]')
  })

  it('numbers and qualifies duplicate questions across sections', () => {
    const value = '# T\n\n## Linux\n\n### Install\n\n- Step: apt\n- Check: dpkg\n\n## Windows\n\n### Install\n\n- Step: winget\n- Check: where\n\n## Again\n\nQ: Why?\n\nA: Because.\n\n## More\n\nQ: Why?\n\nA: Other.\n'
    const {whole, inSections, sections} = compileBoth(value)
    expect(sections).toBeGreaterThan(2)
    expect(inSections.json).toBe(whole.json)
    expect(inSections.messages).toEqual(whole.messages)
  })
})
