package kit

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

// ResourceID is the last part of an ARN.
func ResourceID(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

func DisplayName(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return name
}

// NameOr is a resource's name, or its id when it has none.
func NameOr(name, arn string) string {
	if name != "" {
		return name
	}
	return ResourceID(arn)
}

func OrDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TagText renders tags as k=v pairs in key order.
func TagText(tags map[string]string) string {
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

// CopyValue copies to the clipboard with OSC52, which reaches the user's
// clipboard over SSH and in tmux (set-clipboard on).
func CopyValue(value, what string) tea.Cmd {
	return tea.Batch(tea.SetClipboard(value), Flash(FlashSuccess, what+" copied to the clipboard (OSC52)"))
}

// ErrorSentence turns any error into words a person can act on: the service
// layer's classification with the AWS message and the fix.
func ErrorSentence(err error) string {
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

// QuoteUntrusted quotes text a person typed or an API returned, sanitised.
func QuoteUntrusted(s string) string { return "\"" + ui.Sanitize(s) + "\"" }

func Lines(s string) int { return strings.Count(s, "\n") + 1 }

// OpenTags pushes the tags pane of a resource; what names it in words.
func OpenTags(c *Context, arn, what string) tea.Cmd {
	return OpenRoute(route.Tags{ARN: arn, What: what})
}
