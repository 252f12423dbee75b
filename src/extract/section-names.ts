/**
 * What a section's heading says it holds: terms (`Glossary`), or nothing to
 * study (navigation, links, project housekeeping). Rules read it to look
 * for terms, or to leave a section's lists and links alone.
 */

/** A section (or document) of terms, one heading each (GitBook's `GLOSSARY.md`). */
const glossaryName = /^(?:glossary|glossar|glossaire|glosario|terminology|terms|key terms|definitions|vocabulary|lexicon)$/i

export function isGlossaryName(value: string): boolean {
  return glossaryName.test(value.replace(/[^\p{L}\p{N}\s]+/gu, ' ').replace(/\s+/g, ' ').trim())
}

/**
 * Sections that hold no study content of their own: navigation, links,
 * project housekeeping. Their lists are no sets to recall, their link items
 * no terms.
 */
const housekeeping =
  /^(?:(?:table of )?contents|toc|related(?: \w+)?|see also|links|useful links|external links|other resources|resources|further reading|more reading|reading list|references|bibliography|sources|credits|acknowledg(?:e)?ments|thanks|sponsors|backers|contributors|contributing|contribution|contributions|contribute|authors?|maintainers|license|licence|copyright|changelog|change log|release notes|history of changes|install|installation|installing|setup|set up|getting started|quick ?start|requirements|prerequisites|dependencies|development|developing|usage|how to use|contact|community|translations|donate|donations|badges|roadmap|todo|to do|faq|books|tutorials|videos|articles|blogs|podcasts|courses|talks|newsletters|websites|slides|papers|cheat ?sheets|examples|example|demo|demos|projects|libraries|awesome(?: \w+)?|tips|important notes|notes|meetups)$/

/** Whether a heading names a section of navigation or project housekeeping. */
export function isHousekeeping(heading: string): boolean {
  const plain = heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return housekeeping.test(plain)
}
