// Placeholder replaced by the foundation: starts the embedded PostgreSQL once for all integration files.
export default async function setup() {
  return async () => {};
}
