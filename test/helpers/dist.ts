import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'

const project = path.resolve(import.meta.dirname, '../..')

/**
 * `dist/cli.js`, compiled from the current sources. `npm test` compiles
 * before vitest runs; a test file run alone compiles here when a source is
 * newer than its output (type errors are `npm test`'s to report).
 */
export function builtCli(): string {
  const cli = path.join(project, 'dist/cli.js')
  if (stale(path.join(project, 'src'), path.join(project, 'dist'))) {
    spawnSync(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {cwd: project, stdio: 'ignore'})
  }
  if (!existsSync(cli)) throw new Error('Cannot compile dist/cli.js: run `npx tsc -p .` to see why')
  return cli
}

function stale(sources: string, outputs: string): boolean {
  for (const entry of readdirSync(sources, {withFileTypes: true})) {
    const source = path.join(sources, entry.name)
    if (entry.isDirectory()) {
      if (stale(source, path.join(outputs, entry.name))) return true
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const output = path.join(outputs, entry.name.replace(/\.ts$/, '.js'))
      if (!existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) return true
    }
  }
  return false
}
