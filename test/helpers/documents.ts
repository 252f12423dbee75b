import {readdirSync} from 'node:fs'
import path from 'node:path'

const fixtures = path.join(import.meta.dirname, '..', 'fixtures')
const source = path.join(import.meta.dirname, '..', '..', 'source')

/** Every fixture's notes and the seed: the documents that tests compile two ways and compare. */
export const documents: Array<{name: string; file: string; root: string}> = [
  ...readdirSync(fixtures)
    .sort()
    .map((name) => ({name, file: path.join(fixtures, name, 'input.md'), root: path.join(fixtures, name)})),
  {name: 'ketamine', file: path.join(source, 'ketamine.md'), root: source}
]
