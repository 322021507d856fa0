// Package panes holds every pane of the dashboard, one package k9s-style:
// a resource's list, detail and forms sit side by side in files named after
// it (stages.go, stagedetail.go, stageforms.go; compositions.go,
// composition.go, compositionform.go; ...). Each pane is written with the
// kit (package kit), declares its key help beside its Update, and opens
// others by returning a route; panes.go is the registry that maps each
// route to its constructor, the only place a pane is built.
package panes
