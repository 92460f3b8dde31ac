// Placeholder until this page is built.
export function ProfilePage() {
  return <main>ProfilePage</main>;
}
