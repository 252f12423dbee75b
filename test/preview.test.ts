/**
 * `studydeck preview`: the page as text (self-contained, escaped, the same
 * ids as `build`), then the seed deck's page in headless Chromium as a
 * student uses it: count, flip, filter, search, dark mode, a phone.
 */
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {chromium, type BrowserContext, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {run, workspace} from './helpers/cli.js'
import {fold} from '../src/preview/page.js'
import {pageScript} from '../src/preview/script.js'
import {darkFromNightMode} from '../src/preview/style.js'
import type {DeckDocument} from '../src/shared/types.js'
import {temporaryFolder} from './helpers/temporary.js'

const project = path.resolve(import.meta.dirname, '..')

const cardIds = (html: string) => [...html.matchAll(/data-card-id="([^"]*)"/g)].map((match) => match[1])

/** A 1×1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

describe('preview command', () => {
  it('writes one page per deck and no .apkg or .json', async () => {
    const dir = workspace({'notes/a.md': '# A\n\n## Why?\n\nBecause.\n', 'notes/deep/b.md': '# B\n\n- x: y\n- z: w\n'})
    const result = await run(['preview', 'notes', '--out', 'site'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('notes/a.md → site/a.html\n  1 card: 1 added\nnotes/deep/b.md → site/deep/b.html\n  2 cards: 2 added\n\ntotal: 3 cards: 3 added, 0 errors, 0 warnings\n')
    expect(readdirSync(path.join(dir, 'site'), {recursive: true}).sort()).toEqual(['a.html', 'deep', 'deep/b.html'])
    // The link back to the notes is relative to the page.
    expect(readFileSync(path.join(dir, 'site/deep/b.html'), 'utf8')).toContain('<a class="sd-line" href="../../notes/deep/b.md#L3" title="Open the notes at this line">notes/deep/b.md:3</a>')
  })

  it('keeps the ids of the previous build, as build does (a reworded question keeps its id)', async () => {
    const dir = workspace({'a.md': '# Sky\n\n## Why is the sky blue during the day?\n\nRayleigh scattering of sunlight by the air.\n\n## What is water?\n\nH2O.\n'})
    expect((await run(['build', 'a.md', '--format', 'json'], dir)).code).toBe(0)
    const before: DeckDocument = JSON.parse(readFileSync(path.join(dir, 'output/a.json'), 'utf8'))
    writeFileSync(path.join(dir, 'a.md'), readFileSync(path.join(dir, 'a.md'), 'utf8').replace('during the day', 'in the daytime'))
    const result = await run(['preview', 'a.md'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('2 cards: 1 renamed, 1 unchanged')
    expect(cardIds(readFileSync(path.join(dir, 'output/a.html'), 'utf8'))).toEqual(before.cards.map((card) => card.id))
    expect(readFileSync(path.join(dir, 'output/a.json'), 'utf8')).toBe(JSON.stringify(before, null, 2) + '\n')
    expect(existsSync(path.join(dir, 'output/a.apkg'))).toBe(false)
  })

  it('exits as build does: 1 when an input has errors (and writes no page for it), 2 on a usage error', async () => {
    const dir = workspace({'good.md': '# G\n\n## Why?\n\nBecause.\n', 'bad.md': 'x\u0000y'})
    const result = await run(['preview', 'good.md', 'bad.md'], dir)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('binary-input')
    expect(readdirSync(path.join(dir, 'output'))).toEqual(['good.html'])
    const usage = await run(['preview', 'good.md', '--format', 'json'], dir)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('option `--format` does not go with `preview`')
  })

  it('is self-contained: nothing loaded from elsewhere, and a CSP that allows only its own script', async () => {
    const dir = workspace({'a.md': '# A\n\n## What does it look like?\n\n![a dot](dot.png) and ![remote](https://example.com/x.png)\n', 'dot.png': png})
    expect((await run(['preview', 'a.md'], dir)).code).toBe(0)
    const html = readFileSync(path.join(dir, 'output/a.html'), 'utf8')
    expect(html).toContain('<img src="data:image/png;base64,' + png.toString('base64') + '" alt="a dot">')
    expect(html).not.toMatch(/<link|@import|url\(|<iframe|<object/i)
    expect([...html.matchAll(/<script/g)]).toHaveLength(1)
    const hash = createHash('sha256').update(pageScript).digest('base64')
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'">`
    )
    expect(html).toContain('<script>' + pageScript + '</script>')
    // The remote image stays in the card as Anki gets it, but the CSP keeps the page offline.
    expect(html).toContain('<img src="https://example.com/x.png" alt="remote">')
  })

  it('typesets math as Anki shows it, with KaTeX and its fonts in the page, and only when a card holds math', async () => {
    const dir = workspace({'m.md': '# Chemistry\n\n## What is ethanol?\n\n$\\ce{CH3CH2OH}$, whose mass grows as $x^2$.\n\n```\nnot math: \\(a\\)\n```\n', 'plain.md': '# P\n\n- a: b\n- c: d\n'})
    expect((await run(['preview', 'm.md', 'plain.md'], dir)).code).toBe(0)
    const html = readFileSync(path.join(dir, 'output/m.html'), 'utf8')
    expect([...html.matchAll(/<span class="katex">/g)]).toHaveLength(2)
    // Code is never typeset (MathJax skips it too).
    expect(html).toContain('not math: \\(a\\)')
    expect(html).toContain("font-src data:;")
    // Fonts and all else inline: every url() is a data: URI.
    expect([...html.matchAll(/url\((?!data:)/g)]).toEqual([])
    const plain = readFileSync(path.join(dir, 'output/plain.html'), 'utf8')
    expect(plain).not.toContain('katex')
    expect(plain).not.toContain('font-src')
  })

  it('keeps its script free of eval, innerHTML and a closing script tag', () => {
    expect(pageScript).not.toMatch(/\beval\b|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write|<\/script/i)
  })

  it('escapes what comes from the notes outside the sanitized card HTML', async () => {
    const dir = workspace({
      'a.md': '---\ndeck: "</title><script>alert(1)</script>"\n---\n\n# T\n\n## "Quoted" <b>section</b> & more\n\n- <img src=x onerror=alert(1)>: y\n- z: w\n'
    })
    expect((await run(['preview', 'a.md'], dir)).code).toBe(0)
    const html = readFileSync(path.join(dir, 'output/a.html'), 'utf8')
    expect([...html.matchAll(/<script/g)]).toHaveLength(1)
    expect(html).not.toMatch(/<img[^>]*onerror/i)
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · studydeck preview</title>')
    // Headings are text in the section list, whatever they hold.
    expect(html).toMatch(/<option value="0">&quot;Quoted&quot; [^<]*&amp; more \(\d\)<\/option>/)
  })

  it('shows the warnings of the notes above the cards, linked to their lines', async () => {
    const dir = workspace({'a.md': '# A\n\n## Why?\n\nBecause.\n\n## What?\n\n![gone](missing.png)\n'})
    expect((await run(['preview', 'a.md'], dir)).code).toBe(0)
    const html = readFileSync(path.join(dir, 'output/a.html'), 'utf8')
    expect(html).toContain('<summary>1 warning in the notes</summary><ul><li><a href="../a.md#L9">line 9</a>: Image `missing.png` not found <code>image-missing</code></li></ul>')
  })

  it('says so when the notes gave no cards', async () => {
    const dir = workspace({'a.md': '# Only a title\n\nSome prose, no questions.\n'})
    expect((await run(['preview', 'a.md'], dir)).code).toBe(0)
    const html = readFileSync(path.join(dir, 'output/a.html'), 'utf8')
    expect(cardIds(html)).toEqual([])
    expect(html).toContain('<p>These notes gave no cards: <code>studydeck check --verbose</code> says what was skipped, and why.</p>')
  })

  it('applies the night mode CSS of the Anki card when the system is dark, at the same specificity', () => {
    const css = '.card { color: black; }\n.card.nightMode, .nightMode .card,\n.night_mode .card { color: white; }\n.nightMode a, .night_mode a { color: blue; }\n@media (max-width: 480px) { .card { font-size: 18px; } }\n'
    expect(darkFromNightMode(css)).toBe('@media (prefers-color-scheme: dark) {\n  :root .card { color: white; }\n  :root a { color: blue; }\n}\n')
  })

  it('folds case, accents and curly apostrophes for search', () => {
    expect(fold('Ketamine’s RÔLE')).toBe("ketamine's role")
  })
})

// The browser test: Debian's Chromium, driven by playwright-core (no browser download).
const chromiumPath = '/usr/bin/chromium'
const missing = existsSync(chromiumPath) ? undefined : chromiumPath + ' is missing (install it with `apt-get install chromium`)'
if (missing && !process.env.CI) console.warn('preview browser test skipped: ' + missing)

describe.skipIf(missing !== undefined && !process.env.CI)('preview of the seed deck in headless Chromium', () => {
  const screenshots = path.join(project, 'test/output')
  let out: string
  let deck: DeckDocument
  let context: BrowserContext
  let page: Page
  const problems: string[] = []
  const requests: string[] = []

  const items = () => page.locator('.sd-item')
  const visibleCount = () => page.locator('.sd-item:visible').count()
  const item = (index: number) => items().nth(index)
  const expanded = (index: number) => item(index).locator('.sd-flip').getAttribute('aria-expanded')

  beforeAll(async () => {
    if (missing) throw new Error(missing + ': CI must run the browser test')
    out = temporaryFolder('studydeck-preview-seed-')
    const previewed = await run(['preview', 'source/ketamine.md', '--out', out], project)
    expect(previewed.code, previewed.stdout + previewed.stderr).toBe(0)
    expect(readdirSync(out)).toEqual(['ketamine.html'])
    // The JSON that build writes for the same notes: the page must show exactly its cards.
    expect((await run(['build', 'source/ketamine.md', '--out', out, '--format', 'json'], project)).code).toBe(0)
    deck = JSON.parse(readFileSync(path.join(out, 'ketamine.json'), 'utf8'))

    context = await chromium.launchPersistentContext(temporaryFolder('studydeck-chromium-'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: {width: 1200, height: 860},
      colorScheme: 'light',
      reducedMotion: 'reduce'
    })
    page = context.pages()[0] ?? (await context.newPage())
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(path.join(out, 'ketamine.html')).href)
  })

  afterAll(async () => {
    await context?.close()
  })

  it('renders every card of the JSON, in order, with its id', async () => {
    expect(deck.cards).toHaveLength(32)
    expect(await items().count()).toBe(32)
    expect(await items().evaluateAll((elements) => elements.map((element) => element.getAttribute('data-card-id')))).toEqual(deck.cards.map((card) => card.id))
    await expect.poll(() => page.locator('#sd-status').textContent()).toBe('Showing all 32 cards')
  })

  it('shows the front and back HTML exactly as the Anki note holds them', async () => {
    const sides = await items().evaluateAll((elements) =>
      elements.map((element) => [element.querySelector('.sd-front')!.innerHTML, element.querySelector('.sd-back')!.innerHTML])
    )
    expect(sides).toEqual(deck.cards.map((card) => [card.frontHtml, card.backHtml]))
  })

  it('counts the cards of each kind', async () => {
    const counts = await page.locator('[data-kind-filter]').evaluateAll((buttons) => buttons.map((button) => [button.getAttribute('data-kind-filter'), button.querySelector('.sd-count')!.textContent]))
    expect(counts).toEqual([
      ['', '32'],
      ['faq', '5'],
      ['table', '10'],
      ['list', '17']
    ])
  })

  it('flips a card with a click and with the space bar', async () => {
    const answer = item(1).locator('.sd-answer')
    expect(await expanded(1)).toBe('false')
    expect(await answer.isVisible()).toBe(false)

    await item(1).locator('.card').click()
    expect(await expanded(1)).toBe('true')
    expect(await answer.isVisible()).toBe(true)
    expect(await answer.locator('.sd-back').innerText()).toBe(deck.cards[1].back)
    expect(await item(1).locator('.sd-flip').textContent()).toBe('Hide answer')

    // Space flips the card last clicked, and it does not scroll the page.
    await page.keyboard.press('Space')
    expect(await expanded(1)).toBe('false')
    expect(await answer.isVisible()).toBe(false)

    // From the keyboard: Tab to a card's button, Space.
    await item(2).locator('.sd-flip').focus()
    await page.keyboard.press('Space')
    expect(await expanded(2)).toBe('true')
    await page.keyboard.press('Space')
    expect(await expanded(2)).toBe('false')
  })

  it('filters by kind', async () => {
    await page.locator('[data-kind-filter="table"]').click()
    expect(await visibleCount()).toBe(10)
    expect(await page.locator('.sd-item:visible').evaluateAll((elements) => elements.every((element) => element.getAttribute('data-kind') === 'table'))).toBe(true)
    expect(await page.locator('[data-kind-filter="table"]').getAttribute('aria-pressed')).toBe('true')
    expect(await page.locator('#sd-status').textContent()).toBe('Showing 10 of 32 cards')
  })

  it('filters by section, and says so when nothing is left', async () => {
    await page.locator('#sd-section').selectOption({label: 'Frequently Asked Questions (5)'})
    expect(await visibleCount()).toBe(0)
    expect(await page.locator('#sd-empty').isVisible()).toBe(true)
    await page.locator('#sd-clear').click()
    expect(await visibleCount()).toBe(32)
    expect(await page.locator('#sd-section').inputValue()).toBe('')
    expect(await page.locator('[data-kind-filter=""]').getAttribute('aria-pressed')).toBe('true')

    await page.locator('#sd-section').selectOption({label: 'Ketamine’s Role in Pain Management (10)'})
    expect(await visibleCount()).toBe(10)
    await page.locator('#sd-section').selectOption('')
    expect(await visibleCount()).toBe(32)
  })

  it('searches fronts, backs and headings, whatever the case or apostrophe', async () => {
    const expected = (query: string) =>
      deck.cards.filter((card) => fold([card.front, card.back, ...card.context, ...card.tags].join(' ')).includes(fold(query))).map((card) => card.id)
    const shownIds = () => page.locator('.sd-item:visible').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-card-id')))

    await page.locator('#sd-search').fill('ESKETAMINE')
    expect(await shownIds()).toEqual(expected('esketamine'))
    expect(expected('esketamine').length).toBeGreaterThan(0)

    await page.locator('#sd-search').fill("ketamine's role")
    expect(await shownIds()).toEqual(expected('ketamine’s role'))
    expect(await visibleCount()).toBe(10)

    await page.keyboard.press('Escape')
    expect(await visibleCount()).toBe(32)
  })

  it('links each card to its source line', async () => {
    const link = item(0).locator('.sd-line')
    expect(await link.textContent()).toBe('source/ketamine.md:29')
    const href = await link.evaluate((element) => (element as HTMLAnchorElement).href)
    expect(href).toBe(pathToFileURL(path.join(project, 'source/ketamine.md')).href + '#L29')
  })

  it('shows and hides every answer at once', async () => {
    await page.locator('#sd-flip-all').click()
    expect(await page.locator('.sd-answer:visible').count()).toBe(32)
    expect(await page.locator('#sd-flip-all').getAttribute('aria-pressed')).toBe('true')
    await page.locator('#sd-flip-all').click()
    expect(await page.locator('.sd-answer:visible').count()).toBe(0)
  })

  it('loads nothing but the page, and reports no script error', async () => {
    expect(requests).toEqual([pathToFileURL(path.join(out, 'ketamine.html')).href])
    expect(problems).toEqual([])
  })

  it('saves a desktop screenshot with one card flipped', async () => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await item(0).locator('.card').click()
    expect(await expanded(0)).toBe('true')
    mkdirSync(screenshots, {recursive: true})
    // docs/preview.png, the README's picture, is a copy of this one.
    await page.screenshot({path: path.join(screenshots, 'preview-desktop.png')})
  })

  it('shows typeset math with its own fonts, loading nothing and breaking no rule of the CSP', async () => {
    const dir = workspace({'m.md': '# Chemistry\n\n## What is ethanol?\n\n$\\ce{CH3CH2OH}$, whose mass grows as $x^2$.\n'})
    expect((await run(['preview', 'm.md'], dir)).code).toBe(0)
    const mathPage = await context.newPage()
    const seen: string[] = []
    const loaded: string[] = []
    mathPage.on('console', (message) => seen.push(message.type() + ': ' + message.text()))
    mathPage.on('pageerror', (error) => seen.push(error.message))
    mathPage.on('request', (request) => loaded.push(request.url().slice(0, 40)))
    await mathPage.goto(pathToFileURL(path.join(dir, 'output/m.html')).href)
    await mathPage.locator('.sd-item .card').first().click()
    const fonts = await mathPage.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter((font) => font.status === 'loaded').map((font) => font.family.replace(/"/g, ''))
    })
    expect(fonts).toContain('KaTeX_Main')
    expect(await mathPage.locator('.sd-back .katex').count()).toBe(2)
    expect(seen).toEqual([])
    expect(loaded.filter((url) => !url.startsWith('data:'))).toEqual([pathToFileURL(path.join(dir, 'output/m.html')).href.slice(0, 40)])
    await mathPage.close()
  })

  it('fits a phone in dark mode, with the Anki night colors', async () => {
    await page.setViewportSize({width: 390, height: 844})
    await page.emulateMedia({colorScheme: 'dark'})
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await item(0).locator('.card').evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(13, 17, 23)')
    expect(await item(0).locator('.sd-context').evaluate((element) => getComputedStyle(element).color)).toBe('rgb(145, 152, 161)')
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({path: path.join(screenshots, 'preview-phone-dark.png')})
  })
})
