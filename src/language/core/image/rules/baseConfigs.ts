import { checkSchema } from '../../schemaCheck';
import { valueOf } from '../../syntax';
import type { Problem, Range, Rule } from '../../types';
import { chainOf, filesFor, lineOf, shareChain, shortName } from '../chain';
import { headOf, mapItems, rootMap, valueRange } from '../model';
import { imageSchema } from '../schema';

/** How many problems of one base config are repeated on its entry before the rest are counted. */
const SHOWN_PER_BASE = 3;

/**
 * Follows `baseConfigs`: reports cycles and unreadable bases, and checks each base config (schema and every rule,
 * with the whole chain in view) reporting its problems on the entry of this document that leads to it.
 * Made from the other rules so it can run them on the bases.
 */
export function baseConfigsRule(rules: readonly Rule[]): Rule {
  return (context) => {
    const entries = mapItems(valueOf(rootMap(context), 'baseConfigs'));
    if (!entries.length || !context.files) return;
    const chain = chainOf(context);
    // Only the document being checked reports: a base checked through this rule shares the chain.
    if (chain.members[chain.members.length - 1].document !== context.document) return;
    const entryRange = (via: number): Range => {
      const found = entries.find((entry) => entry.index === via);
      return found ? valueRange(found.map, 'path') ?? headOf(found.map) : entries[0].map.range;
    };
    for (const problem of chain.problems) {
      context.report({ range: entryRange(problem.via), severity: 'error', code: 'image/base-config', message: problem.message });
    }
    const checked = new Set<string>();
    for (const member of chain.members.slice(0, -1)) {
      if (!member.filePath || member.via === undefined || checked.has(member.filePath)) continue;
      checked.add(member.filePath);
      shareChain(member.document, chain);
      const found: Problem[] = [];
      const report = (problem: Problem) => found.push(problem);
      if (member.document.root) {
        checkSchema(member.text, { node: member.document.root, schema: imageSchema }, 'image', { lenientScalars: true }, report);
      }
      const baseContext = { text: member.text, document: member.document, files: filesFor(context.files, member.filePath), report };
      for (const rule of rules) rule(baseContext);
      const name = shortName(member.filePath);
      const range = entryRange(member.via);
      found.sort((a, b) => a.range.start - b.range.start);
      for (const problem of found.slice(0, SHOWN_PER_BASE)) {
        context.report({ range, severity: problem.severity, code: 'image/base-config', message: `In base config '${name}', ${lineOf(member.text, problem.range.start)}: ${problem.message}` });
      }
      if (found.length > SHOWN_PER_BASE) {
        context.report({ range, severity: 'info', code: 'image/base-config', message: `Base config '${name}' has ${found.length - SHOWN_PER_BASE} more problems; open it to see them all.` });
      }
    }
  };
}
