import * as vscode from 'vscode';
import type { RequestRecord } from '../fakes/arm/server';
import type { TreeNode } from '../../src/views/treeNode';

/**
 * What a test saw and when, printed only when it fails: every tree refresh, sign-in state change and settings change
 * the extension went through, every node list the test read (labels, descriptions, contextValues), and every request
 * the fake Azure Resource Manager received with what it answered and how long it took, all in milliseconds since the
 * test began. A failure under load then says whether a refresh, a late settings event or a slow answer was involved.
 */
export class SuiteTrace implements vscode.Disposable {
  private started = Date.now();
  private lines: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  /** Starts a test's trace. */
  begin(): void {
    this.started = Date.now();
    this.lines = [];
  }

  note(text: string): void {
    this.lines.push(`+${String(Date.now() - this.started).padStart(6)} ms  ${text}`);
  }

  /** Notes every occurrence of `event`, described by `describe`. */
  watch<T>(event: vscode.Event<T>, describe: (value: T) => string): void {
    this.disposables.push(event((value) => this.note(describe(value))));
  }

  /** Notes the nodes a read returned, with what a person would see of each. */
  nodes(what: string, nodes: readonly TreeNode[]): readonly TreeNode[] {
    const shown = nodes.map((node) => {
      const item = node.getTreeItem();
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const description = typeof item.description === 'string' && item.description ? ` (${item.description})` : '';
      return `${label}${description} [${item.contextValue ?? ''}]`;
    });
    this.note(`${what} → ${shown.length ? shown.join('; ') : '(no nodes)'}`);
    return nodes;
  }

  /** The trace and the requests the server received since the test began, as one text to print. */
  report(title: string, requests: readonly RequestRecord[], state: string): string {
    const since = (time: number) => `+${String(time - this.started).padStart(6)} ms`;
    const served = requests
      .filter((request) => request.time >= this.started)
      .map(
        (request) =>
          `${since(request.time)}  ${request.method} ${request.path}${request.query.$skiptoken ? ` ($skiptoken=${request.query.$skiptoken})` : ''} → ${
            request.status ?? 'no answer yet'
          }${request.end ? ` in ${request.end - request.time} ms` : ''}`,
      );
    return [
      `---- what "${title}" saw (sign-in state at the end: ${state}) ----`,
      ...this.lines,
      `---- what the fake Azure Resource Manager received and answered (${served.length}) ----`,
      ...served,
      '----',
      '',
    ].join('\n');
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
