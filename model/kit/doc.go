// Package kit is what every pane of the dashboard is written with: the
// Context a pane runs in (client, styles, keys, clock), the Pane and Dialog
// interfaces and their base, the messages panes and the root exchange,
// Fetch with request ids (stale answers dropped), the list, the spec-driven
// list and detail panes (ResourceList, ResourceDetail), the form dialog,
// confirmations, input checks against the API's limits, and the wording
// shared by panes. It knows no pane: panes open each other by route.
package kit
