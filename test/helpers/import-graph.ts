import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/**
 * The import graph of a source folder, and the two things it must not hold:
 * a circle, and an import that climbs from a lower layer to a higher one.
 * Pure functions over plain maps, so the check itself is tested on made-up
 * graphs (`test/imports.test.ts`).
 */

/** Each file (path from the root, `/`-separated) and the files of the root it imports. */
export type ImportGraph = Map<string, string[]>

/**
 * What a module imports, in the order written: static and dynamic imports,
 * `import type`, `export … from` and `typeof import(…)`, read from the
 * syntax tree TypeScript parses (so an import in a comment or a string is
 * none, wherever it is).
 */
export function importSpecifiers(text: string): string[] {
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push(node.arguments[0].text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile('module.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS))
  return found
}

/**
 * Every `.ts` file below `root` and the files of `root` it imports
 * (`importSpecifiers`; packages and `node:` modules left out). An import of
 * a file that is not there is an error.
 */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of typeScriptBelow(root)) {
    const imported: string[] = []
    for (const specifier of importSpecifiers(readFileSync(path.join(root, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts')
      imported.push(target)
    }
    graph.set(file, [...new Set(imported)])
  }
  for (const [file, imported] of graph) {
    for (const target of imported) if (!graph.has(target)) throw new Error(file + ' imports ' + target + ', which is not in ' + root)
  }
  return graph
}

function typeScriptBelow(root: string, folder = ''): string[] {
  const found: string[] = []
  for (const entry of readdirSync(path.join(root, folder), {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const relative = folder ? folder + '/' + entry.name : entry.name
    if (entry.isDirectory()) found.push(...typeScriptBelow(root, relative))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(relative)
  }
  return found
}

/** Files that import each other in a circle: all of them, and the shortest way round from the first (`a.ts → b.ts → a.ts`). */
export interface Circle {
  files: string[]
  round: string[]
}

/** The circles of the graph: one per group of files that reach each other (Tarjan's strongly connected components). */
export function cycles(graph: ImportGraph): Circle[] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  const visit = (file: string) => {
    index.set(file, index.size)
    low.set(file, index.get(file)!)
    stack.push(file)
    onStack.add(file)
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!))
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        group.push(member)
      } while (member !== file)
      if (group.length > 1 || (graph.get(file) ?? []).includes(file)) groups.push(group.sort())
    }
  }
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file)
  return groups.sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((files) => ({files, round: shortestRound(graph, files)}))
}

/** The shortest way from the group's first file back to itself, within the group. */
function shortestRound(graph: ImportGraph, group: string[]): string[] {
  const start = group[0]
  const members = new Set(group)
  const cameFrom = new Map<string, string>()
  const queue = [start]
  for (let at = 0; at < queue.length; at++) {
    const file = queue[at]
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue
      if (target === start) {
        const round = [start]
        for (let step: string | undefined = file; step !== start && step !== undefined; step = cameFrom.get(step)) round.splice(1, 0, step)
        return [...round, start]
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file)
        queue.push(target)
      }
    }
  }
  throw new Error('Not a circle: ' + group.join(', '))
}

/**
 * The layer of a file: its first folder (`extract/rules/faq.ts` is in
 * `extract`), or the file itself at the top (`index.ts`). −1: in no layer.
 */
export function layerOf(file: string, layers: readonly string[]): number {
  return layers.indexOf(file.split('/')[0])
}

/** A file in no layer, or an import of a file in a layer listed after the importer's. */
export interface LayerProblem {
  file: string
  imports?: string
  reason: string
}

/** Imports that go up the layers (a layer may import its own files and those of layers listed before it), and files in no layer. */
export function layerProblems(graph: ImportGraph, layers: readonly string[]): LayerProblem[] {
  const problems: LayerProblem[] = []
  for (const [file, imported] of graph) {
    const layer = layerOf(file, layers)
    if (layer === -1) {
      problems.push({file, reason: 'is in no layer: add `' + file.split('/')[0] + '` to the layer order'})
      continue
    }
    for (const target of imported) {
      const targetLayer = layerOf(target, layers)
      if (targetLayer > layer) problems.push({file, imports: target, reason: 'imports up: `' + layers[layer] + '` comes before `' + layers[targetLayer] + '` in the layer order'})
    }
  }
  return problems
}
