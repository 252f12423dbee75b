import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
import remarkMath from 'remark-math'

// One frozen processor: building it per file would redo the extension setup.
// remark-gfm brings tables (T1) and task lists (L3 needs to see them);
// remark-math keeps `$…$` intact so it can become Anki MathJax. TOML front
// matter (`+++`) is recognised only so that it is never read as content.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkMath)
  .freeze()

/** Parse Markdown (GFM, YAML or TOML front matter, math) into mdast. */
export function parse(file: VFile): Root {
  return processor.parse(file)
}
