import {parseArgs, type ParseArgsConfig} from 'node:util'
import type {Format} from '../build/job.js'
import {build, combinedNameProblem, hasErrors, type BuildOptions} from '../build/pipeline.js'
import {isCollectionName} from '../emit/package-name.js'
import {version} from '../shared/version.js'
import type {CliIo} from './io.js'
import {clozeMarks, parseClozeMarks} from '../parse/settings.js'
import {createProgress} from './progress.js'
import {jsonReport, textReport} from './report.js'

/** A mistake in the command line itself: exit status 2. */
export class UsageError extends Error {
  exitCode = 2
}

export const usage = `studydeck ${version}: Markdown study notes → Anki decks (.apkg) and JSON flashcards

Usage:
  studydeck build   [PATH...] [--out DIR] [--format apkg,json] [--combine NAME] [--tables cell|row] [--cloze MARKS] [--osr] [--json] [--watch]
  studydeck check   [PATH...] [--out DIR] [--cloze MARKS] [--osr] [--json] [--verbose]
  studydeck preview [PATH...] [--out DIR] [--cloze MARKS] [--osr]

PATH is a Markdown file or a folder (every *.md below it); default: source
  --out DIR        output folder, also where the previous build is read (default: output)
  --format LIST    outputs to write: apkg, json or both (default: apkg,json)
  --combine NAME   one package NAME.apkg with every document as a subdeck NAME::<title>
  --tables MODE    cell (a card per cell, default) or row (a card per row)
  --cloze MARKS    marks that make cloze deletions besides {{c1::…}}: highlight, strike, bold (default: none)
  --osr            read obsidian-spaced-repetition's card syntax (Q::A, ?, ==cloze==) in every note,
                   not only in notes tagged #flashcards
  --json           print the report as JSON on stdout
  --watch          rebuild a file when it is saved (Ctrl-C stops)
  --verbose        also show what was skipped on purpose, and why
  -h, --help       show this help
  -v, --version    show the version

Exit status: 0 ok, 1 an input has errors, 2 usage error.`

const options = {
  out: {type: 'string'},
  format: {type: 'string'},
  combine: {type: 'string'},
  tables: {type: 'string'},
  cloze: {type: 'string'},
  osr: {type: 'boolean'},
  json: {type: 'boolean'},
  watch: {type: 'boolean'},
  verbose: {type: 'boolean'},
  help: {type: 'boolean', short: 'h'},
  version: {type: 'boolean', short: 'v'}
} satisfies ParseArgsConfig['options']

const allowed: Record<string, Array<keyof typeof options>> = {
  build: ['out', 'format', 'combine', 'tables', 'cloze', 'osr', 'json', 'watch', 'verbose'],
  check: ['out', 'json', 'verbose', 'tables', 'cloze', 'osr'],
  preview: ['out', 'tables', 'cloze', 'osr', 'verbose']
}

/** Run the command line; returns the exit status. Errors are rendered here and nowhere else. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr('studydeck: ' + error.message + '\nRun `studydeck --help` for usage.\n')
      return 2
    }
    io.stderr('studydeck: unexpected failure: ' + ((error as Error)?.stack ?? String(error)) + '\n')
    return 70
  }
}

/** `util.parseArgs`'s errors, said as the rest of the command line says them. */
function parseProblem(error: Error & {code?: string}): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1]
  if (option === undefined) return error.message
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return 'unknown option `' + option + '` (a path that starts with `-` goes after `--`)'
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take/.test(error.message) ? 'option `' + option + '` takes no value' : 'option `' + option + '` needs a value'
  }
  return error.message
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({args: argv, options, allowPositionals: true, strict: true})
  } catch (error) {
    throw new UsageError(parseProblem(error as Error & {code?: string}))
  }
  const {values, positionals} = parsed
  if (values.version) {
    io.stdout(version + '\n')
    return 0
  }
  const [command, ...paths] = positionals
  if (values.help || !command) {
    io.stdout(usage + '\n')
    return command || values.help ? 0 : 2
  }
  if (!(command in allowed)) throw new UsageError('unknown command `' + command + '` (expected build, check or preview)')
  for (const name of Object.keys(values) as Array<keyof typeof options>) {
    if (name !== 'help' && name !== 'version' && !allowed[command].includes(name)) {
      throw new UsageError('option `--' + name + '` does not go with `' + command + '`')
    }
  }

  const buildOptions: BuildOptions = {
    cwd: io.cwd,
    out: values.out,
    formats: parseFormats(values.format),
    combine: parseCombine(values.combine),
    tableMode: parseTables(values.tables),
    cloze: parseCloze(values.cloze),
    osr: values.osr,
    write: command === 'build'
  }
  const targets = paths.length > 0 ? paths : ['source']

  if (command === 'preview') {
    const {preview} = await import('./preview.js')
    return preview(targets, buildOptions, io, values.verbose ?? false)
  }
  if (values.watch) {
    if (values.json) throw new UsageError('`--watch` and `--json` do not go together')
    const {watch} = await import('./watch.js')
    return watch(targets, buildOptions, io, values.verbose ?? false)
  }

  const progress = createProgress({...io, write: io.stderr, verbs: command === 'build' ? ['Building', 'Built'] : ['Checking', 'Checked']})
  const results = await build(targets, {...buildOptions, onProgress: progress.update})
  progress.clear()
  if (values.json) io.stdout(JSON.stringify(jsonReport(results, values.verbose), null, 2) + '\n')
  else io.stdout(textReport(results, {verbose: values.verbose, color: io.color, write: buildOptions.write}))
  progress.summary(results)
  if (buildOptions.write && buildOptions.formats && !buildOptions.formats.includes('json')) {
    // The JSON is the memory of the next build; say what is lost without it.
    io.stderr('studydeck: no JSON written (--format ' + buildOptions.formats.join(',') + '): the next build cannot tell what changed, so reworded questions get new ids and every card is sent to Anki as changed\n')
  }
  return results.some((result) => hasErrors(result.file)) ? 1 : 0
}

function parseFormats(value: string | undefined): Format[] | undefined {
  if (value === undefined) return undefined
  const formats = value.split(',').map((format) => format.trim()).filter(Boolean)
  for (const format of formats) {
    if (format !== 'apkg' && format !== 'json') throw new UsageError('expected `--format` to list apkg and/or json, not `' + format + '`')
  }
  if (formats.length === 0) throw new UsageError('expected `--format` to list apkg and/or json')
  return formats as Format[]
}

function parseTables(value: string | undefined) {
  if (value === undefined) return undefined
  if (value !== 'cell' && value !== 'row') throw new UsageError('expected `--tables` to be `cell` or `row`, not `' + value + '`')
  return value
}

function parseCloze(value: string | undefined) {
  if (value === undefined) return undefined
  const marks = parseClozeMarks(value)
  if (!marks) throw new UsageError('expected `--cloze` to list ' + clozeMarks.join(', ') + ' (or `none`), not `' + value + '`')
  return marks
}

function parseCombine(value: string | undefined) {
  if (value === undefined) return undefined
  if (!value.trim() || /[\\/]/.test(value) || value.includes('::')) {
    throw new UsageError('expected `--combine` to be a deck name without `/`, `\\` or `::`, not `' + value + '`')
  }
  if (isCollectionName(value.trim() + '.apkg')) throw new UsageError(combinedNameProblem(value.trim()))
  return value.trim()
}
