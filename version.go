package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// versionText is `ivsdash --version`: the module version and the revision
// the Go toolchain stamped into the binary (go build records them from the
// checkout; `go install module@version` records the version).
func versionText(bi *debug.BuildInfo) string {
	if bi == nil {
		return "ivsdash: no build information in this binary\n"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	revision := "revision unknown (built without version control information)"
	if rev := settings["vcs.revision"]; rev != "" {
		var about []string
		if t := settings["vcs.time"]; t != "" {
			about = append(about, t)
		}
		if settings["vcs.modified"] == "true" {
			about = append(about, "modified")
		}
		revision = "revision " + rev
		if len(about) > 0 {
			revision += " (" + strings.Join(about, ", ") + ")"
		}
	}
	return fmt.Sprintf("ivsdash %s, %s, %s\n", version, revision, bi.GoVersion)
}

// buildInfo is the running binary's, or nil when it carries none.
func buildInfo() *debug.BuildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return bi
}
