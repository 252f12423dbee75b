import {readFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {build, hasErrors, type BuildOptions, type FileResult} from '../build/pipeline.js'
import {writeAtomic} from '../emit/write.js'
import {previewPage, type PreviewMessage} from '../preview/page.js'
import type {MediaFile} from '../shared/types.js'
import type {CliIo} from './io.js'
import {createProgress} from './progress.js'
import {textReport} from './report.js'

/**
 * `studydeck preview`: the cards exactly as `build` makes them (the previous
 * JSON in the output folder keeps their ids), as one page per deck at
 * `OUT/NAME.html`. Writes no `.apkg` and no `.json`. Exit status as `build`.
 */
export async function preview(paths: string[], options: BuildOptions, io: CliIo, verbose: boolean): Promise<number> {
  const cwd = options.cwd ?? process.cwd()
  const out = path.resolve(cwd, options.out ?? 'output')
  const progress = createProgress({...io, write: io.stderr, verbs: ['Previewing', 'Previewed']})
  const results = await build(paths, {...options, write: false, onProgress: progress.update})

  for (const result of results) {
    if (!result.document || result.name === undefined || hasErrors(result.file)) continue
    const target = path.join(out, result.name + '.html')
    try {
      const html = previewPage({
        document: result.document,
        media: readMedia(result.media ?? []),
        sourceHref: href(path.dirname(target), path.resolve(cwd, result.source)),
        messages: messagesOf(result)
      })
      writeAtomic(target, html)
      result.outputs.push(shown(cwd, target))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code
      const reason = 'Cannot write the preview `' + shown(cwd, target) + '`: ' + (code ? code : String(error))
      result.file.message(reason, {ruleId: 'output-unwritable', source: 'studydeck'}).fatal = true
    }
  }

  progress.clear()
  io.stdout(textReport(results, {verbose, color: io.color}))
  progress.summary(results)
  return results.some((result) => hasErrors(result.file)) ? 1 : 0
}

function readMedia(files: MediaFile[]) {
  return files.map((file) => ({name: file.name, data: readFileSync(file.path)}))
}

function messagesOf(result: FileResult): PreviewMessage[] {
  return result.file.messages.map((message) => ({
    line: message.line ?? undefined,
    severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
    rule: message.ruleId ?? undefined,
    reason: message.reason
  }))
}

/** A link from the page's folder to the notes, relative so the pair can move together. */
function href(from: string, file: string): string {
  const relative = path.relative(from, file)
  if (path.isAbsolute(relative)) return pathToFileURL(file).href
  return relative.split(path.sep).map(encodeURIComponent).join('/')
}

function shown(cwd: string, target: string): string {
  const relative = path.relative(cwd, target)
  return (relative.startsWith('..') ? target : relative).split(path.sep).join('/')
}
