/**
 * How notes written for another renderer read (Obsidian, VitePress,
 * pandoc): what the fixtures cannot show (the deck's title, Anki tags,
 * packed embeds, the HTML of a callout and of a table cell's front), and
 * that what the source pass does keeps every position.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {compileDeck} from '../src/build/compile.js'
import {parseableSource} from '../src/parse/source.js'
import {texText} from '../src/shared/tex-text.js'
import {temporaryFolder} from './helpers/temporary.js'

function compile(markdown: string, name = 'notes.md', root?: string) {
  const file = new VFile({path: root ? path.join(root, name) : name, value: markdown})
  const {document, media} = compileDeck(file, {now: () => 1_700_000_000, ...(root ? {root} : {})})
  return {document, media, messages: file.messages}
}

describe('an Obsidian note', () => {
  it('is titled by its file name, not by a first heading that names a kind of section', () => {
    const {document} = compile('## Overview\n\n- **Senate**: the council of elders\n\n### Details\n\n- **Consul**: elected yearly\n', 'Roman Republic.md')
    expect(document.deck.name).toBe('Roman Republic')
    expect(document.cards.map((card) => card.context)).toEqual([
      ['Roman Republic', 'Overview'],
      ['Roman Republic', 'Overview', 'Details']
    ])
  })

  it('takes its lines of tags as Anki tags (`#a/b` is `a::b`), and they are no card', () => {
    const {document} = compile('#ancient/rome #exam\n\n# Rome\n\n- **Senate**: the council of elders\n- **Forum**: the public square\n')
    expect(document.deck.name).toBe('Rome')
    expect(document.cards.map((card) => card.tags)).toEqual([
      ['ancient::rome', 'exam'],
      ['ancient::rome', 'exam']
    ])
  })

  it('packs an embedded image found in its folder, as a Markdown image', () => {
    const folder = temporaryFolder('studydeck-embed-')
    writeFileSync(path.join(folder, 'forum.png'), Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'))
    const {document, media, messages} = compile('# Rome\n\n- **Forum**: the public square ![[forum.png|200]]\n', 'rome.md', folder)
    expect(media).toHaveLength(1)
    expect(document.cards[0].backHtml).toBe('<p>the public square <img src="' + media[0].name + '" alt=""></p>')
    expect(messages).toEqual([])
  })

  it('shows a callout as a titled block', () => {
    const {document} = compile('# OS\n\n## What is a lock for?\n\n> [!tip] Rule of thumb\n> Hold it briefly.\n')
    expect(document.cards[0].backHtml).toBe('<blockquote class="sd-callout sd-callout-tip">\n<p class="sd-callout-title"><strong>Rule of thumb</strong></p>\n<p>Hold it briefly.</p>\n</blockquote>')
    expect(document.cards[0].back).toBe('> Rule of thumb\n>\n> Hold it briefly.')
  })
})

describe('a document titled by a small first line', () => {
  it('takes a `######` line over `##` sections as its title', () => {
    const {document} = compile('###### Lecture 4: Enzymes\n\n## Kinetics\n\n- **Km**: half-maximum substrate concentration\n- **Vmax**: the highest rate\n')
    expect(document.deck.name).toBe('Lecture 4: Enzymes')
    expect(document.cards[0].context).toEqual(['Lecture 4: Enzymes', 'Kinetics'])
  })
})

describe('a table cell', () => {
  it('asks its row key (the prompt) for its column (the attribute), in the HTML as in the text', () => {
    const {document} = compile('# Spanish\n\n## Verbs\n\n| Spanish | English |\n| --- | --- |\n| llegar | to arrive |\n')
    expect(document.cards[0].front).toBe('Verbs › llegar — English?')
    expect(document.cards[0].frontHtml).toBe('<div class="sd-lead">Verbs<span class="sd-sep"> › </span></div><div class="sd-prompt">llegar<span class="sd-attr"> — English?</span></div>')
  })
})

describe('the source the parser reads', () => {
  it('is the document, character for character, but for fences, no-break spaces after `#` and comments', () => {
    const text = ':::details **Title**\n- a: b\n:::\n\n###\u00a0Heading\n\nSome %%hidden%% words `%%kept%%`.\n\n```\n:::\n%%code%%\n```\n'
    const parseable = parseableSource(text)
    expect(parseable).toHaveLength(text.length)
    expect(parseable.split('\n').map((line) => line.length)).toEqual(text.split('\n').map((line) => line.length))
    expect(parseable).toBe('***' + ' '.repeat(':::details **Title**'.length - 3) + '\n- a: b\n***\n\n### Heading\n\nSome ' + ' '.repeat('%%hidden%%'.length) + ' words `%%kept%%`.\n\n```\n:::\n%%code%%\n```\n')
  })
})

describe('math as text', () => {
  it('reads scripts, symbols and chemistry, and gives up on what it does not know', () => {
    expect(texText('\\text{S}_\\text{N}2')).toBe('SN2')
    expect(texText('\\ce{CH3CH2OH}')).toBe('CH₃CH₂OH')
    expect(texText('\\ce{2H2O -> 2H2 + O2}')).toBe('2H₂O → 2H₂ + O₂')
    expect(texText('x^2 \\leq \\pi')).toBe('x² ≤ π')
    expect(texText('\\frac{a+b}{2}')).toBe('(a+b)/2')
    expect(texText('\\begin{aligned} x \\end{aligned}')).toBeUndefined()
    expect(texText('\\foo{x}')).toBeUndefined()
  })
})
