package model

import (
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
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
