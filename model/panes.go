package model

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
