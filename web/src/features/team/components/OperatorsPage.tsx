// Placeholder until this page is built.
export function OperatorsPage() {
  return <main>OperatorsPage</main>;
}
