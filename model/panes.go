package model

import "slices"

// StartPanes lists the panes the dashboard can open first (Config.Start):
// the destinations of the `:` jump.
func StartPanes() []string { return slices.Clone(jumpTargets) }

// rootPane builds the first pane of a `:` jump. Panes not built yet return
// nil and the jump says so.
func (a *App) rootPane(kind string) Pane {
	switch kind {
	case "", "stages":
		return newStagesPane(a.ctx)
	case "compositions":
		return newCompositionsPane(a.ctx)
	case "triage":
		return newTriagePane(a.ctx)
	case "ingest":
		return newIngestPane(a.ctx)
	case "encoders":
		return newEncodersPane(a.ctx)
	case "storage":
		return newStoragePane(a.ctx)
	case "keys":
		return newKeysPane(a.ctx)
	}
	return nil
}
