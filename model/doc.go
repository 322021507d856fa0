// Package model is the root of the dashboard's Bubble Tea model tree: the
// App. It owns the pane stack (navigation), the dialog stack (the top dialog
// gets the keys), the `:` and `/` prompt, polling and the status bar, and it
// routes every message to the one that needs it. It builds panes only
// through the registry of package panes, from route values (package route),
// and runs the error watcher's calls (package watch). The pieces every pane
// shares are in package kit; the forms in package form. model/README.md says
// how a key press and a poll flow through the tree, and how to add a pane.
package model
