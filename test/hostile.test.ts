import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {run as runWith, workspace} from './helpers/cli.js'
import {readApkg} from './helpers/apkg.js'

/**
 * Files that cannot be used are errors for that file, printed as remark
 * prints them (file, line:column where there is a line, rule), with exit
 * status 1; the other files still build, and no output is damaged.
 */
const run = (argv: string[], cwd: string) => runWith(argv, cwd, {env: {}})
/** Every file below `folder` (dot files included) with its bytes, to tell that nothing changed. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (current: string) => {
    for (const entry of readdirSync(current, {withFileTypes: true})) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) walk(full)
      else files[path.relative(folder, full)] = readFileSync(full).toString('base64')
    }
  }
  walk(folder)
  return files
}

const good = '# Good\n\n## Why?\n\nBecause.\n'
const other = '# Other\n\n## How?\n\nLike this.\n'

interface Message {
  file: string
  line: number | null
  column: number | null
  severity: string
  rule: string
  reason: string
}

async function jsonRun(argv: string[], cwd: string) {
  const result = await run([...argv, '--json'], cwd)
  const report = JSON.parse(result.stdout) as {files: Array<{source: string; outputs: string[]; messages: Message[]}>}
  return {...result, report, messages: report.files.flatMap((file) => file.messages)}
}

describe('input that cannot be used', () => {
  /** A workspace with an earlier good build of `bad.md`, and the bytes of that build. */
  async function builtBefore(bad: string | Uint8Array) {
    const dir = workspace({'good.md': good, 'bad.md': other})
    expect((await run(['build', 'good.md', 'bad.md'], dir)).code).toBe(0)
    const before = snapshot(path.join(dir, 'output'))
    writeFileSync(path.join(dir, 'bad.md'), bad)
    writeFileSync(path.join(dir, 'good.md'), good + '\n## When?\n\nNow.\n')
    return {dir, before}
  }

  /** The previous outputs of `bad.md` are as they were; `good.md` was built again. */
  function expectBadKept(dir: string, before: Record<string, string>, report: {files: Array<{source: string; outputs: string[]}>}) {
    const after = snapshot(path.join(dir, 'output'))
    expect(after['bad.json']).toBe(before['bad.json'])
    expect(after['bad.apkg']).toBe(before['bad.apkg'])
    expect(after['good.json']).not.toBe(before['good.json'])
    expect(report.files.find((file) => file.source === 'good.md')?.outputs).toEqual(['output/good.json', 'output/good.apkg'])
    expect(report.files.find((file) => file.source === 'bad.md')?.outputs).toEqual([])
    expect(Object.keys(after).filter((name) => name.endsWith('.tmp'))).toEqual([])
  }

  it('binary content: an error at the first NUL byte', async () => {
    const {dir, before} = await builtBefore(Buffer.concat([Buffer.from('# Bad\n\nab'), Buffer.from([0, 1, 2])]))
    const {code, report, messages} = await jsonRun(['build', 'good.md', 'bad.md'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([{file: 'bad.md', line: 3, column: 3, severity: 'error', rule: 'binary-input', reason: 'Not a text file (it holds NUL bytes)'}])
    expectBadKept(dir, before, report)
  })

  it('invalid UTF-8: an error at the first bad byte', async () => {
    const {dir, before} = await builtBefore(Buffer.concat([Buffer.from('# Bad\n\nnaïve '), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('\n')]))
    const {code, report, messages} = await jsonRun(['build', 'good.md', 'bad.md'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([{file: 'bad.md', line: 3, column: 7, severity: 'error', rule: 'invalid-utf8', reason: 'Not valid UTF-8 text (byte 0xe9); save it as UTF-8'}])
    expectBadKept(dir, before, report)
  })

  it('UTF-16: said so, rather than “NUL bytes”', async () => {
    const {dir, before} = await builtBefore(Buffer.from('\ufeff# Bad\n', 'utf16le'))
    const {code, report, messages} = await jsonRun(['build', 'good.md', 'bad.md'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([{file: 'bad.md', line: 1, column: 1, severity: 'error', rule: 'invalid-utf8', reason: 'Saved as UTF-16, not UTF-8: save it as UTF-8'}])
    expectBadKept(dir, before, report)
  })

  it('front matter that is not valid YAML: an error at its line', async () => {
    const {dir, before} = await builtBefore('---\ndeck: Bad\ntags: [a, b\n---\n# Bad\n\n## Why?\n\nBecause.\n')
    const {code, report, messages} = await jsonRun(['build', 'good.md', 'bad.md'], dir)
    expect(code).toBe(1)
    // Where YAML gave up: the end of the unclosed `[` on line 3.
    expect(messages).toEqual([
      {file: 'bad.md', line: 3, column: 12, severity: 'error', rule: 'front-matter-yaml', reason: 'Cannot read front matter: Flow sequence in block collection must be sufficiently indented and end with a ]'}
    ])
    expectBadKept(dir, before, report)
  })

  it('a missing file: an error naming it, and its previous outputs are left alone', async () => {
    const {dir, before} = await builtBefore(other)
    const {code, report, messages} = await jsonRun(['build', 'good.md', 'gone.md'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([{file: 'gone.md', line: null, column: null, severity: 'error', rule: 'missing-input', reason: 'No such file or folder'}])
    const after = snapshot(path.join(dir, 'output'))
    expect([after['bad.json'], after['bad.apkg']]).toEqual([before['bad.json'], before['bad.apkg']])
    expect(report.files.find((file) => file.source === 'good.md')?.outputs).toEqual(['output/good.json', 'output/good.apkg'])
  })

  it('a folder without Markdown, and a path that is neither file nor folder: errors naming them', async () => {
    const dir = workspace({'good.md': good, 'empty/readme.txt': 'not notes', 'empty/.hidden/x.md': '# Hidden\n'})
    const {code, report, messages} = await jsonRun(['build', 'good.md', 'empty', '/dev/null'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([
      {file: 'empty', line: null, column: null, severity: 'error', rule: 'no-markdown', reason: 'No Markdown files (`*.md`) in this folder'},
      {file: '/dev/null', line: null, column: null, severity: 'error', rule: 'unreadable-input', reason: 'Not a file or a folder'}
    ])
    expect(report.files.find((file) => file.source === 'good.md')?.outputs).toEqual(['output/good.json', 'output/good.apkg'])
  })

  it('prints problems as remark does: the file, then line:column, severity, reason and rule', async () => {
    const dir = workspace({'good.md': good, 'bad.md': Buffer.from([0x23, 0x20, 0x41, 0x0a, 0xff])})
    const {code, stdout, stderr} = await run(['build', 'good.md', 'bad.md', 'gone.md'], dir)
    expect(code).toBe(1)
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^bad\.md\n2:1 +error +Not valid UTF-8 text \(byte 0xff\); save it as UTF-8 +invalid-utf8 +studydeck\n\ngone\.md\n +error +No such file or folder +missing-input +studydeck\n/)
    expect(stdout).toContain('good.md → output/good.json, output/good.apkg')
    expect(stdout).not.toMatch(/\n\s+at /)
  })
})

describe('outputs that cannot be written', () => {
  it('an output folder that is a file: exit 1, the message names it, the file is untouched', async () => {
    const dir = workspace({'good.md': good, 'taken': 'a file, not a folder'})
    const {code, messages} = await jsonRun(['build', 'good.md', '--out', 'taken'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([
      {file: 'good.md', line: null, column: null, severity: 'error', rule: 'output-unwritable', reason: 'Cannot write outputs to `taken`: `' + path.join(dir, 'taken') + '` is a file, not a folder'}
    ])
    expect(readFileSync(path.join(dir, 'taken'), 'utf8')).toBe('a file, not a folder')
  })

  it('an output folder below a file: the message names the file in the way', async () => {
    const dir = workspace({'good.md': good, 'taken': 'a file'})
    const {code, stdout} = await run(['build', 'good.md', '--out', 'taken/deeper/out'], dir)
    expect(code).toBe(1)
    expect(stdout).toContain('Cannot write outputs to `taken/deeper/out`: `' + path.join(dir, 'taken') + '` is a file, not a folder')
    expect(statSync(path.join(dir, 'taken')).isFile()).toBe(true)
  })

  it('an output that is a folder: nothing of the deck is written, the previous package stays', async () => {
    const dir = workspace({'good.md': good})
    expect((await run(['build', 'good.md'], dir)).code).toBe(0)
    const before = readFileSync(path.join(dir, 'output/good.apkg'))
    // Something put a folder where the JSON goes, and the notes changed.
    const json = path.join(dir, 'output/good.json')
    rmSync(json)
    mkdirSync(json)
    writeFileSync(path.join(dir, 'good.md'), good + '\n## When?\n\nNow.\n')
    const {code, messages} = await jsonRun(['build', 'good.md'], dir)
    expect(code).toBe(1)
    expect(messages).toEqual([
      {file: 'good.md', line: null, column: null, severity: 'error', rule: 'output-unwritable', reason: 'Cannot write outputs to `output`: `' + json + '` is a folder, not a file'}
    ])
    expect(readFileSync(path.join(dir, 'output/good.apkg'))).toEqual(before)
    expect(readdirSync(path.join(dir, 'output')).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('a usage error exits 2 and writes nothing', async () => {
    const dir = workspace({'good.md': good})
    const result = await run(['build', 'good.md', '--format', 'pdf'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('expected `--format` to list apkg and/or json, not `pdf`')
    expect(readdirSync(dir)).toEqual(['good.md'])
  })
})

describe('images from outside the notes', () => {
  it('packs only files inside the notes folder tree, and says why each other one was not', async () => {
    const secret = 'SECRET: not for the deck'
    const dir = workspace({
      'outside/secret.png': secret,
      'notes/img/ok.png': 'an image inside the notes',
      'notes/deck.md': [
        '# Images',
        '',
        '## Which images are packed?',
        '',
        '![ok](img/ok.png)',
        '![up](../outside/secret.png)',
        '![far](../../../../../../etc/passwd)',
        '![encoded](..%2Foutside%2Fsecret.png)',
        '![absolute](/etc/passwd)',
        '![file](file:///etc/passwd)',
        '![link](link.png)',
        '![folder link](linked/secret.png)',
        '![inside link](inside.png)',
        '<img src="../outside/secret.png">',
        ''
      ].join('\n')
    })
    symlinkSync(path.join(dir, 'outside/secret.png'), path.join(dir, 'notes/link.png'))
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'notes/linked'))
    symlinkSync('img/ok.png', path.join(dir, 'notes/inside.png'))

    const {code, messages} = await jsonRun(['build', 'notes', '--out', 'out'], dir)
    expect(code).toBe(0)
    expect(messages.map((message) => [message.line, message.rule, message.severity])).toEqual([
      [6, 'image-outside', 'warning'],
      [7, 'image-outside', 'warning'],
      [8, 'image-outside', 'warning'],
      [9, 'image-outside', 'warning'],
      [10, 'image-unsupported', 'warning'],
      [11, 'image-outside', 'warning'],
      [12, 'image-outside', 'warning']
    ])
    expect(messages[5].reason).toBe('Image `link.png` links to a file outside the notes folder; it is not packed')

    const apkg = await readApkg(readFileSync(path.join(dir, 'out/deck.apkg')))
    const packed = Object.values(apkg.media)
    expect(packed).toHaveLength(1)
    const bytes = Object.entries(apkg.files).filter(([name]) => /^\d+$/.test(name)).map(([, data]) => Buffer.from(data).toString('utf8'))
    expect(bytes).toEqual(['an image inside the notes'])
    const json = readFileSync(path.join(dir, 'out/deck.json'), 'utf8')
    expect(json).not.toContain('SECRET')
    expect(JSON.parse(json).cards[0].backHtml).toBe(
      '<p><img src="' + packed[0] + '" alt="ok">\nup\nfar\nencoded\nabsolute\nfile\nlink\nfolder link\n<img src="' + packed[0] + '" alt="inside link">\n<img src="../outside/secret.png"></p>'
    )
  })
})
