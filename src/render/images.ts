import {createHash} from 'node:crypto'
import {existsSync, readFileSync, realpathSync, statSync} from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import type {ResolvedImage} from './html.js'

/**
 * Images: only files inside `root` (the notes' folder tree) are packed, under
 * a content-hashed name; nothing else on disk and no remote URL is read.
 */
export function imageResolver(file: VFile, root: string, probe?: (target: string) => void): (url: string) => ResolvedImage {
  const base = path.resolve(file.cwd, file.dirname ?? '.')
  const top = path.resolve(file.cwd, root)
  return (url) => {
    let decoded: string
    try {
      decoded = decodeURIComponent(url.replace(/[?#].*$/, ''))
    } catch {
      decoded = url
    }
    if (/^[a-z][a-z\d+.-]*:/i.test(decoded) || decoded.startsWith('//')) {
      return {ok: false, reason: 'Image `' + url + '` is not a local file or an http(s) URL', ruleId: 'image-unsupported'}
    }
    const target = path.resolve(base, decoded)
    if (!isInside(top, target)) {
      return {ok: false, reason: 'Image `' + url + '` is outside the notes folder; it is not packed', ruleId: 'image-outside'}
    }
    probe?.(target)
    if (!existsSync(target) || !statSync(target).isFile()) {
      return {ok: false, reason: 'Image `' + url + '` not found', ruleId: 'image-missing'}
    }
    // A symbolic link inside the notes may lead anywhere: where it leads is what counts.
    if (!isInside(realpathSync(top), realpathSync(target))) {
      return {ok: false, reason: 'Image `' + url + '` links to a file outside the notes folder; it is not packed', ruleId: 'image-outside'}
    }
    const hash = createHash('sha256').update(readFileSync(target)).digest('hex').slice(0, 16)
    return {ok: true, media: {name: hash + path.extname(target).toLowerCase(), path: target}}
  }
}

function isInside(folder: string, target: string): boolean {
  const inside = path.relative(folder, target)
  return inside !== '..' && !inside.startsWith('..' + path.sep) && !path.isAbsolute(inside)
}
