import { settleProgressiveOverrides } from '../../src/planning/settleProgressiveOverrides';

const field = (directives: string) => `type Product { stock: Int! ${directives} }`;
const settled = (directives: string) =>
  settleProgressiveOverrides(field(directives)).replace(/\s+/g, ' ').trim();

describe('settleProgressiveOverrides', () => {
  it('returns a supergraph without labels as it is', () => {
    const sdl = field('@join__field(graph: B, override: "a")');
    expect(settleProgressiveOverrides(sdl)).toBe(sdl);
  });

  it('turns percent(100) into a plain override, keeping the overridden field where it is still used', () => {
    expect(
      settled(
        '@join__field(graph: A, overrideLabel: "percent(100)") @join__field(graph: B, override: "a", overrideLabel: "percent(100)")',
      ),
    ).toBe('type Product { stock: Int! @join__field(graph: B, override: "a") }');
    expect(
      settled(
        '@join__field(graph: A, overrideLabel: "percent(100)", usedOverridden: true) @join__field(graph: B, override: "a", overrideLabel: "percent(100)")',
      ),
    ).toBe(
      'type Product { stock: Int! @join__field(graph: A, usedOverridden: true) @join__field(graph: B, override: "a") }',
    );
  });

  it('turns percent(0) into no override, and leaves labels in between and custom labels alone', () => {
    expect(
      settled(
        '@join__field(graph: A, overrideLabel: "percent(0)") @join__field(graph: B, override: "a", overrideLabel: "percent(0)")',
      ),
    ).toBe('type Product { stock: Int! @join__field(graph: A) }');
    const between =
      '@join__field(graph: A, overrideLabel: "percent(50)") @join__field(graph: B, override: "a", overrideLabel: "percent(50)")';
    expect(settleProgressiveOverrides(field(between))).toBe(field(between));
    const custom =
      '@join__field(graph: A, overrideLabel: "beta") @join__field(graph: B, override: "a", overrideLabel: "beta")';
    expect(settleProgressiveOverrides(field(custom))).toBe(field(custom));
  });
});
