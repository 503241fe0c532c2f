/**
 * Finds platform limits restated as bare literals outside their one home (`charts/limits/` and the
 * worker contract): a known value as a numeric literal whose surrounding declaration or statement
 * names the concept the limit bounds (600 beside `timeoutSeconds`, 1000 beside
 * `containerConcurrency`), or a probe path as a string literal. Comments are not code: a doc comment
 * may say "600 by default". A value elsewhere (1000 as a factor in `ms / 1000`, 3600 as a backoff
 * cap of the kit's own) is not a restatement.
 */
import ts from 'typescript';

/** One known limit: its value, the words that name what it bounds, and where it lives. */
export interface LimitRule {
  /** The value as written in code: a number, or an exact string such as `/healthz`. */
  readonly value: number | string;
  /** Words of the concept the value bounds, matched against the literal's context (code only). */
  readonly concept: RegExp;
  /** The table that holds the value: what a finding tells the reader to import. */
  readonly home: string;
}

/** The limits the kit has restated before (the drift), and their homes. */
export const LIMIT_RULES: readonly LimitRule[] = [
  { value: 600, concept: /timeout|deadline|delay|backoff/i, home: 'KNATIVE_LIMITS, PUBSUB_LIMITS' },
  { value: 300, concept: /timeout/i, home: 'KNATIVE_LIMITS, CLOUD_RUN_LIMITS (default)' },
  { value: 3600, concept: /timeout|probe|period/i, home: 'CLOUD_RUN_LIMITS' },
  { value: 1000, concept: /concurrency/i, home: 'KNATIVE_LIMITS, CLOUD_RUN_LIMITS' },
  { value: 10, concept: /ackDeadline/i, home: 'PUBSUB_LIMITS.ackDeadlineSeconds' },
  { value: 5, concept: /deliveryAttempts/i, home: 'PUBSUB_LIMITS.maxDeliveryAttempts' },
  { value: 100, concept: /deliveryAttempts/i, home: 'PUBSUB_LIMITS.maxDeliveryAttempts' },
  { value: 240, concept: /startup|probe/i, home: 'CLOUD_RUN_LIMITS.probes' },
  { value: 49, concept: /name/i, home: 'CLOUD_RUN_LIMITS.serviceName' },
  { value: 63, concept: /name|label|dns/i, home: 'KUBERNETES_NAMES' },
  { value: 253, concept: /subdomain|dns/i, home: 'KUBERNETES_NAMES.dns1123Subdomain' },
  { value: 8080, concept: /port/i, home: 'WORKER_PORT (src/config/worker-contract.ts)' },
  ...[8012, 8013, 8022, 9090, 9091, 8008].map((port) => ({
    value: port,
    concept: /port/i,
    home: 'KNATIVE_LIMITS.reservedPorts',
  })),
  {
    value: 30,
    concept: /retry_?after/i,
    home: 'RETRY_AFTER_SECONDS (src/labelers/vision-decision.ts)',
  },
  { value: '/healthz', concept: /./, home: 'PROBE_PATHS (src/config/worker-contract.ts)' },
  { value: '/readyz', concept: /./, home: 'PROBE_PATHS (src/config/worker-contract.ts)' },
];

/** A restated limit: where, the value, the context it was found in, and its home. */
export interface RestatedLimit {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly value: number | string;
  readonly context: string;
  readonly home: string;
}

/**
 * The nodes whose text is a literal's context: the nearest declaration, property or statement
 * around it (a property's own name included, its doc comment not).
 */
const CONTEXT_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.ExpressionStatement,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.ArrowFunction,
]);

/** The code of `node` without its comments: its tokens, space-separated. */
function codeOf(node: ts.Node, source: ts.SourceFile): string {
  if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) {
    return '';
  }
  const children = node.getChildren(source);
  if (children.length === 0) return node.getText(source);
  return children
    .map((child) => codeOf(child, source))
    .filter((code) => code !== '')
    .join(' ');
}

function contextOf(node: ts.Node, source: ts.SourceFile): string {
  let current: ts.Node = node;
  while (!CONTEXT_KINDS.has(current.kind) && current.parent.kind !== ts.SyntaxKind.SourceFile) {
    current = current.parent;
  }
  return codeOf(current, source);
}

/** A factor of a multiplication or division: a unit conversion such as `ms / 1000`. */
function isFactor(node: ts.Node): boolean {
  const { parent } = node;
  return (
    ts.isBinaryExpression(parent) &&
    [ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken].includes(parent.operatorToken.kind)
  );
}

function literalValue(node: ts.Node): number | string | undefined {
  if (ts.isNumericLiteral(node)) return isFactor(node) ? undefined : Number(node.text);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** Every restated limit in the TypeScript `text` of `file`, in source order. */
export function findRestatedLimits(
  file: string,
  text: string,
  rules: readonly LimitRule[] = LIMIT_RULES,
): RestatedLimit[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: RestatedLimit[] = [];
  const visit = (node: ts.Node): void => {
    const value = literalValue(node);
    const candidates = rules.filter((rule) => rule.value === value);
    if (candidates.length > 0) {
      const context = contextOf(node, source);
      const rule = candidates.find(({ concept }) => concept.test(context));
      if (rule !== undefined) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ file, line: line + 1, value: rule.value, context, home: rule.home });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
