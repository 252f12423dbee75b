import type {Definition, FootnoteDefinition, Nodes, Root, RootContent} from 'mdast'

/**
 * A document's link and footnote definitions, by identifier in upper case
 * (as mdast-util-to-hast looks them up). A card holds a paragraph or two of
 * the document, and `[text][label]` or `[^1]` in it needs a definition that
 * is usually at the end of the document.
 */
export interface Definitions {
  links: Map<string, Definition>
  footnotes: Map<string, FootnoteDefinition>
}

export const noDefinitions: Definitions = {links: new Map(), footnotes: new Map()}

/** Nodes definitions can be in: definitions are blocks, never inside a paragraph, heading or table. */
const flowContainers = new Set(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition'])

/**
 * Every definition of the document; of two with one label, the first counts
 * (CommonMark). A walk of the blocks only, by hand: it runs on every document.
 */
export function collectDefinitions(tree: Root): Definitions {
  const definitions: Definitions = {links: new Map(), footnotes: new Map()}
  const walk = (node: Nodes) => {
    if (node.type === 'definition') {
      const id = node.identifier.toUpperCase()
      if (!definitions.links.has(id)) definitions.links.set(id, node)
    } else if (node.type === 'footnoteDefinition') {
      const id = node.identifier.toUpperCase()
      if (!definitions.footnotes.has(id)) definitions.footnotes.set(id, node)
    }
    if (flowContainers.has(node.type) && 'children' in node) for (const child of node.children) walk(child)
  }
  walk(tree)
  return definitions
}

/** The definitions that `nodes` refer to, with those the footnotes among them refer to in turn. */
export function definitionsUsed(nodes: RootContent[], definitions: Definitions): Array<Definition | FootnoteDefinition> {
  if (definitions.links.size === 0 && definitions.footnotes.size === 0) return []
  const used = new Set<Definition | FootnoteDefinition>()
  const look = (node: Nodes) => {
    if (node.type === 'linkReference' || node.type === 'imageReference') {
      const definition = definitions.links.get(node.identifier.toUpperCase())
      if (definition) used.add(definition)
    } else if (node.type === 'footnoteReference') {
      const definition = definitions.footnotes.get(node.identifier.toUpperCase())
      if (definition && !used.has(definition)) {
        used.add(definition)
        look(definition)
      }
    }
    if ('children' in node) for (const child of node.children) look(child)
  }
  for (const node of nodes) look(node)
  return [...used]
}

/** Add `more` to `definitions`: of two with one label, the first counts. */
export function mergeDefinitions(definitions: Definitions, more: Definitions) {
  for (const [id, node] of more.links) if (!definitions.links.has(id)) definitions.links.set(id, node)
  for (const [id, node] of more.footnotes) if (!definitions.footnotes.has(id)) definitions.footnotes.set(id, node)
}

/**
 * The first reference in `nodes` (or in a footnote they cite) whose
 * definition is not in `definitions`, as `definitionKey` names it; undefined
 * when every one is there.
 */
export function firstUndefined(nodes: RootContent[], definitions: Definitions): string | undefined {
  const seen = new Set<FootnoteDefinition>()
  const find = (node: Nodes): string | undefined => {
    if (node.type === 'linkReference' || node.type === 'imageReference') {
      const id = node.identifier.toUpperCase()
      if (!definitions.links.has(id)) return definitionKey('definition', id)
    } else if (node.type === 'footnoteReference') {
      const id = node.identifier.toUpperCase()
      const definition = definitions.footnotes.get(id)
      if (!definition) return definitionKey('footnoteDefinition', id)
      if (!seen.has(definition)) {
        seen.add(definition)
        const missing = find(definition)
        if (missing !== undefined) return missing
      }
    }
    if ('children' in node) {
      for (const child of node.children) {
        const missing = find(child)
        if (missing !== undefined) return missing
      }
    }
    return undefined
  }
  for (const node of nodes) {
    const missing = find(node)
    if (missing !== undefined) return missing
  }
  return undefined
}

/** The definitions in `definitions`, named as `firstUndefined` names what is missing. */
export function definitionKeys(definitions: Definitions): string[] {
  return [...[...definitions.links.keys()].map((id) => definitionKey('definition', id)), ...[...definitions.footnotes.keys()].map((id) => definitionKey('footnoteDefinition', id))]
}

function definitionKey(type: 'definition' | 'footnoteDefinition', id: string): string {
  return type + ':' + id
}
