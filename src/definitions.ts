import type {Definition, FootnoteDefinition, Nodes, Root, RootContent} from 'mdast'
import {visit} from 'unist-util-visit'

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

/** Every definition of the document; of two with one label, the first counts (CommonMark). */
export function collectDefinitions(tree: Root): Definitions {
  const definitions: Definitions = {links: new Map(), footnotes: new Map()}
  visit(tree, (node) => {
    if (node.type !== 'definition' && node.type !== 'footnoteDefinition') return
    const map: Map<string, Definition | FootnoteDefinition> = node.type === 'definition' ? definitions.links : definitions.footnotes
    const id = node.identifier.toUpperCase()
    if (!map.has(id)) map.set(id, node)
  })
  return definitions
}

/** The definitions that `nodes` refer to, with those the footnotes among them refer to in turn. */
export function definitionsUsed(nodes: RootContent[], definitions: Definitions): Array<Definition | FootnoteDefinition> {
  if (definitions.links.size === 0 && definitions.footnotes.size === 0) return []
  const used = new Map<Definition | FootnoteDefinition, true>()
  const look = (node: Nodes) => {
    visit(node, (child) => {
      if (child.type === 'linkReference' || child.type === 'imageReference') {
        const definition = definitions.links.get(child.identifier.toUpperCase())
        if (definition) used.set(definition, true)
      } else if (child.type === 'footnoteReference') {
        const definition = definitions.footnotes.get(child.identifier.toUpperCase())
        if (definition && !used.has(definition)) {
          used.set(definition, true)
          look(definition)
        }
      }
    })
  }
  for (const node of nodes) look(node)
  return [...used.keys()]
}
