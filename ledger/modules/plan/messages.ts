/**
 * Plan messages: the PA (or KPA) of a buying organization drafts, publishes and cancels RUP
 * packages. The method must fit the category and the thresholds of the current rule-set, and a
 * package must be published before any selection starts. Spec: ./README.md.
 */
import { z } from 'zod';
import { fail } from '../../codes.js';
import { defineMessage, type LedgerModule, type TxContext } from '../../module.js';
import { CATEGORIES, CURRENT_RULESET, METHODS, RULESETS, methodProblem, type Category, type Method } from '../../rules/ruleset.js';
import { identifier, publicText, rupiah } from '../fields.js';
import { PlanStore, PlanWriter, type Package } from './state.js';

const id = identifier;
const text = (max: number) => publicText(3, max);

export const CreatePackage = z.strictObject({
  packageId: id,
  title: text(300),
  workUnit: text(200),
  fiscalYear: z.number().int().min(2020).max(2100),
  category: z.enum(CATEGORIES as [Category, ...Category[]]),
  method: z.enum(METHODS as [Method, ...Method[]]),
  budgetLine: z.string().trim().min(3).max(60).regex(/^[0-9A-Za-z.\- /]+$/, 'a budget code: digits, letters, dots, hyphens'),
  paguRupiah: rupiah,
  justification: text(1000).nullable(),
});
export const PublishPackage = z.strictObject({ packageId: id });
export const CancelPackage = z.strictObject({ packageId: id, reason: text(1000) });

/** Only the PA or KPA of a buying organization adopts the plan (Ps 9(1)). */
function requirePlanOwner(ctx: TxContext, orgId: string): void {
  if (ctx.signer.orgId !== orgId || !(ctx.signer.roles.includes('pa') || ctx.signer.roles.includes('kpa'))) {
    fail('UNAUTHORIZED', `only the PA or KPA of ${orgId} manages its procurement plan`);
  }
}

function pkgOrFail(s: PlanStore, packageId: string): Package {
  return s.pkg(packageId) ?? fail('NOT_FOUND', `package ${packageId}`);
}

export const planModule: LedgerModule = {
  name: 'plan',
  messages: {
    create_package: defineMessage(CreatePackage, (ctx, b) => {
      const w = new PlanWriter(ctx.state);
      requirePlanOwner(ctx, ctx.signer.orgId);
      if (w.pkg(b.packageId)) fail('ALREADY_EXISTS', `package ${b.packageId}`);
      const pagu = BigInt(b.paguRupiah);
      const problem = methodProblem(CURRENT_RULESET, b.category, b.method, pagu);
      if (problem) fail('METHOD_NOT_ALLOWED', problem);
      if (b.method === 'penunjukan_langsung' && !b.justification) fail('JUSTIFICATION_REQUIRED', 'Penunjukan Langsung needs the special case it relies on (Ps 38(4))');
      const pkg: Package = {
        id: b.packageId,
        orgId: ctx.signer.orgId,
        workUnit: b.workUnit,
        title: b.title,
        fiscalYear: b.fiscalYear,
        category: b.category,
        method: b.method,
        budgetLine: b.budgetLine,
        paguRupiah: pagu.toString(),
        committedRupiah: '0',
        selectionId: null,
        justification: b.justification,
        rulesetId: CURRENT_RULESET.id,
        status: 'draft',
        createdBy: ctx.signer.memberId,
        createdHeight: ctx.height,
        publishedHeight: null,
        publishedTimeMs: null,
        cancelReason: null,
      };
      w.put(pkg);
      ctx.emit('plan.package_created', { package: pkg.id, org: pkg.orgId, category: pkg.category, method: pkg.method, pagu: pkg.paguRupiah, fiscal_year: String(pkg.fiscalYear) }, ['package', 'org']);
    }),
    publish_package: defineMessage(PublishPackage, (ctx, b) => {
      const w = new PlanWriter(ctx.state);
      const pkg = pkgOrFail(w, b.packageId);
      requirePlanOwner(ctx, pkg.orgId);
      if (pkg.status !== 'draft') fail('INVALID_STATE', `package is ${pkg.status}`);
      pkg.status = 'published';
      pkg.publishedHeight = ctx.height;
      pkg.publishedTimeMs = ctx.timeMs;
      w.put(pkg);
      ctx.emit('plan.package_published', { package: pkg.id, org: pkg.orgId }, ['package', 'org']);
    }),
    cancel_package: defineMessage(CancelPackage, (ctx, b) => {
      const w = new PlanWriter(ctx.state);
      const pkg = pkgOrFail(w, b.packageId);
      requirePlanOwner(ctx, pkg.orgId);
      if (pkg.status === 'cancelled') fail('INVALID_STATE', 'already cancelled');
      if (BigInt(pkg.committedRupiah) > 0n) fail('INVALID_STATE', 'a contract already reserves part of its budget');
      if (pkg.selectionId) fail('INVALID_STATE', `selection ${pkg.selectionId} runs for it`);
      pkg.status = 'cancelled';
      pkg.cancelReason = b.reason;
      w.put(pkg);
      ctx.emit('plan.package_cancelled', { package: pkg.id, org: pkg.orgId, reason: b.reason }, ['package', 'org']);
    }),
  },
  query(state, path) {
    const s = new PlanStore(state);
    const [what, arg] = path;
    if (what === 'package') return (arg ? s.pkg(arg) : undefined) ?? fail('NOT_FOUND', `package ${arg ?? ''}`);
    if (what === 'packages') return s.all().filter((p) => !arg || p.orgId === arg);
    if (what === 'rulesets') return [...RULESETS.values()].map((r) => ({ id: r.id, title: r.title, current: r.id === CURRENT_RULESET.id }));
    return fail('BAD_QUERY', `unknown plan query ${what ?? ''}`);
  },
};

