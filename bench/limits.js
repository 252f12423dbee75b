/**
 * Hostile and oversized input: does each case finish, and in time linear in
 * its size? Every case is compiled at 1× and 4× its size (`compileDeck`, one
 * document, all stages, no writes); a ratio near 4 is linear, near 16
 * quadratic. The best of `--runs` runs counts (the machine may be busy).
 *
 *     npm run build && node bench/limits.js [--runs 2] [--only NAME]
 */
import {parseArgs} from 'node:util'
import {VFile} from 'vfile'
import {compileDeck} from '../dist/index.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '2'}, only: {type: 'string'}}})
const runs = Number(values.runs)

const words = 'cell membrane protein enzyme neuron synapse receptor channel gradient vector'.split(' ')
const prose = (size) => {
  let text = ''
  for (let index = 0; text.length < size; index++) text += words[index % words.length] + ' '
  return text
}

/** name → [what it is, N at 1×, make(N), N at 4× the input (default 4 N)] */
const cases = {
  'list-indented': ['a list nested N levels by indentation (input grows as N²)', 700, (n) => '# T\n\n## Why?\n\n' + Array.from({length: n}, (_, i) => '  '.repeat(i) + '- item ' + i).join('\n') + '\n', 1400],
  'list-markers': ['`- - - … x`: N list levels on one line', 5000, (n) => '# T\n\n## Why?\n\n' + '- '.repeat(n) + 'x\n'],
  'quote-line': ['`>>> … x`: N quote levels on one line', 5000, (n) => '# T\n\n## Why?\n\n' + '>'.repeat(n) + ' x\n'],
  'quote-lines': ['N lines, line i quoted i deep', 700, (n) => '# T\n\n## Why?\n\n' + Array.from({length: n}, (_, i) => '>'.repeat(i + 1) + ' q' + i).join('\n') + '\n', 1400],
  'html-nesting': ['`<div>` nested N deep in raw HTML, a tag a line', 20000, (n) => '# T\n\n## Why?\n\n' + '<div>\n'.repeat(n) + 'x\n' + '</div>\n'.repeat(n) + '\n'],
  'long-line': ['one line of N characters of prose', 2_500_000, (n) => '# T\n\n## Why?\n\n' + prose(n) + '\n'],
  'long-paragraph': ['N characters of prose, 80 a line, one paragraph', 1_000_000, (n) => '# T\n\n## Why?\n\n' + prose(n).replace(/(.{1,79}) /g, '$1\n') + '\n'],
  'table-rows': ['a table of N rows, 3 columns', 5000, (n) => '# T\n\n| Key | A | B |\n| --- | --- | --- |\n' + Array.from({length: n}, (_, i) => `| key ${i} | a ${i} | b ${i} |`).join('\n') + '\n'],
  'table-ragged': ['a table of N rows of 2 or 5 cells under 3 headers', 5000, (n) => '# T\n\n| Key | A | B |\n| --- | --- | --- |\n' + Array.from({length: n}, (_, i) => (i % 2 ? `| key ${i} | a ${i} |` : `| key ${i} | a ${i} | b ${i} | c | d |`)).join('\n') + '\n'],
  'duplicates': ['the same question N times', 1000, (n) => '# T\n\n' + Array.from({length: n}, (_, i) => `## Why?\n\nBecause ${i}.\n`).join('\n')],
  'terms': ['N term: definition bullets', 5000, (n) => '# T\n\n## Terms\n\n' + Array.from({length: n}, (_, i) => `- Term ${i}: definition ${i}`).join('\n') + '\n'],
  // Known to be quadratic inside the parser (micromark): measured to be told, not guarded.
  'emphasis-nested': ['`*a *a … b* b*`: N nested emphasis (parser is quadratic)', 500, (n) => '# T\n\n## Why?\n\n' + '*a '.repeat(n) + 'x' + ' b*'.repeat(n) + '\n'],
  'emphasis-flat': ['`**a** **b** …`, 80 a line, one paragraph of N characters (parser is quadratic)', 100_000, (n) => '# T\n\n## Why?\n\n' + prose(n / 2).replace(/(\w+)/g, '**$1**').replace(/(.{1,79}) /g, '$1\n') + '\n']
}

function measure(make, size) {
  const markdown = make(size)
  let best = Infinity
  let result
  for (let run = 0; run < runs; run++) {
    const file = new VFile({path: 'bench.md', value: markdown})
    const start = performance.now()
    const {document} = compileDeck(file, {now: () => 1764100000})
    best = Math.min(best, performance.now() - start)
    result = {cards: document.cards.length, messages: file.messages.filter((message) => message.fatal !== undefined).map((message) => message.ruleId)}
  }
  return {bytes: Buffer.byteLength(markdown), ms: best, ...result}
}

console.log('case'.padEnd(16), 'size 1×'.padStart(10), 'ms 1×'.padStart(9), 'size 4×'.padStart(10), 'ms 4×'.padStart(9), '× time'.padStart(7), '  outcome at 4×')
for (const [name, [, size, make, larger]] of Object.entries(cases)) {
  if (values.only && values.only !== name) continue
  const one = measure(make, size)
  const four = measure(make, larger ?? size * 4)
  const outcome = four.cards + ' cards' + (four.messages.length > 0 ? '; ' + [...new Set(four.messages)].join(', ') : '')
  console.log(
    name.padEnd(16),
    String(one.bytes).padStart(10),
    one.ms.toFixed(0).padStart(9),
    String(four.bytes).padStart(10),
    four.ms.toFixed(0).padStart(9),
    (four.ms / one.ms).toFixed(1).padStart(7),
    ' ',
    outcome
  )
}
