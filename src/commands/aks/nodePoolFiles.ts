import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { Analysis } from '../../language/core';
import { poolBodies, type PoolBody } from '../../language/core/nodepool/bodies';
import type { Problem } from '../../language/core/types';
import { NoticeError, UserCancelledError } from '../../util/errors';
import { confirmOrCancel } from './common';

/*
 * A node-pool document as the AKS commands take it: checked by the language service first (its errors block the
 * command, its warnings are shown and asked about), then read into the bodies AKS takes.
 */

function line(document: vscode.TextDocument, problem: Problem): string {
  return vscode.l10n.t('line {0}: {1}', document.positionAt(problem.range.start).line + 1, problem.message);
}

/** The document checked as a node-pool config (whatever its name says), or a refusal when it is an image config. */
export function analyzeNodePool(ctx: AzlContext, document: vscode.TextDocument): Analysis {
  const service = ctx.language.service;
  const known = service.analyzeDocument(document)?.analysis;
  if (known?.kind === 'image') {
    throw new NoticeError(
      vscode.l10n.t('{0} is an Image Customizer config, not an AKS node pool.', vscode.workspace.asRelativePath(document.uri)),
    );
  }
  return known?.kind === 'nodepool' ? known : service.analyzeText(document.uri, document.getText(), 'nodepool');
}

/** Stops on errors (listing them), and asks about warnings; returns the analysis to read the pools from. */
export async function checkedNodePool(ctx: AzlContext, document: vscode.TextDocument, action: string): Promise<Analysis> {
  const analysis = analyzeNodePool(ctx, document);
  const name = vscode.workspace.asRelativePath(document.uri);
  const errors = analysis.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      vscode.l10n.t(
        '{0} has {1} that AKS would refuse, so nothing was sent: {2}. Fix them (see the Problems panel) and try again.',
        name,
        errors.length === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', errors.length),
        errors
          .slice(0, 3)
          .map((problem) => line(document, problem))
          .join('; '),
      ),
    );
  }
  const warnings = analysis.problems.filter((problem) => problem.severity === 'warning');
  if (warnings.length > 0) {
    await confirmOrCancel(
      ctx,
      vscode.l10n.t(
        '{0} has {1}. {2} anyway?',
        name,
        warnings.length === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnings.length),
        action,
      ),
      warnings.map((problem) => line(document, problem)).join('\n'),
      action,
    );
  }
  return analysis;
}

/** The pool body of a checked document: the only one, or the one the person picks; refuses template expressions. */
export async function chosenPoolBody(ctx: AzlContext, document: vscode.TextDocument, analysis: Analysis): Promise<PoolBody> {
  const name = vscode.workspace.asRelativePath(document.uri);
  const found = poolBodies(analysis.parse.documents[0]);
  if ('notAPool' in found) {
    throw new NoticeError(
      found.notAPool === 'none'
        ? vscode.l10n.t('{0} holds no node pool (a REST body, an ARM template agent pool, or the same properties in YAML).', name)
        : vscode.l10n.t(
            '{0} is a {1} file: it configures a node pool, it is not one. Put its settings under {2} in a node pool body, then add that.',
            name,
            found.notAPool === 'kubelet-config' ? '--kubelet-config' : '--linux-os-config',
            found.notAPool === 'kubelet-config' ? 'kubeletConfig' : 'linuxOSConfig',
          ),
    );
  }
  let body = found.bodies[0]!;
  if (found.bodies.length > 1) {
    const picked = await ctx.seams.aksQuestions.pick(
      found.bodies.map((candidate) => ({ label: candidate.name ?? candidate.label, description: candidate.label, value: candidate })),
      vscode.l10n.t('Node pool of {0} to use', name),
    );
    if (!picked) throw new UserCancelledError();
    body = picked;
  }
  if (body.expressions.length > 0) {
    throw new NoticeError(
      vscode.l10n.t(
        '{0} uses ARM template expressions ({1}), which only a template deployment resolves. Deploy the template, or write the values out.',
        body.label,
        body.expressions.slice(0, 3).join(', '),
      ),
    );
  }
  return body;
}
