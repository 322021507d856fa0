package model

import (
	"errors"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/ui"
)

// The helpers every pane of the kit uses to name and show resources.

// resourceID is the last part of an ARN.
func resourceID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func displayName(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return name
}

// nameOr is a resource's name, or its id when it has none.
func nameOr(name, arn string) string {
	if name != "" {
		return name
	}
	return resourceID(arn)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// tagText renders tags as k=v pairs in key order.
func tagText(tags map[string]string) string {
	if len(tags) == 0 {
		return ""
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + tags[k]
	}
	return strings.Join(parts, " ")
}

// copyValue copies to the clipboard with OSC52, which reaches the user's
// clipboard over SSH and in tmux (set-clipboard on).
func copyValue(value, what string) tea.Cmd {
	return tea.Batch(tea.SetClipboard(value), flash(flashSuccess, what+" copied to the clipboard (OSC52)"))
}

// errorSentence turns any error into words a person can act on: the service
// layer's classification with the AWS message and the fix.
func errorSentence(err error) string {
	if err == nil {
		return ""
	}
	var se *service.Error
	if errors.As(err, &se) {
		s := se.Human()
		if h := se.Hint(); h != "" && !strings.Contains(s, h) {
			s += " — " + h
		}
		return ui.Sanitize(s)
	}
	return ui.Sanitize(err.Error())
}

// quoteUntrusted quotes text a person typed or an API returned, sanitised.
func quoteUntrusted(s string) string { return "\"" + ui.Sanitize(s) + "\"" }

func lines(s string) int { return strings.Count(s, "\n") + 1 }

// openTags pushes the tags pane of a resource; what names it in words.
func openTags(c *Context, arn, what string) tea.Cmd {
	return openRoute(route.Tags{ARN: arn, What: what})
}
