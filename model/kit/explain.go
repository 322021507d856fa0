package kit

import (
	"github.com/ivsdash/ivsdash/service"
)

// explainedError is a failure told in the words of the action that met it
// ("a running composition uses this encoder configuration"), with the AWS
// message after. It deliberately does not unwrap: errorSentence would find
// the service error inside and say the generic sentence instead.
type explainedError struct{ text string }

func (e *explainedError) Error() string { return e.text }

// Explain replaces the generic sentence of an error of the given kind with
// text; other errors pass unchanged.
func Explain(err error, kind service.Kind, text string) error {
	if err == nil || service.KindOf(err) != kind {
		return err
	}
	if se := service.Classify(err); se != nil && se.Message != "" {
		text += " (IVS: " + se.Message + ")"
	}
	return &explainedError{text: text}
}
