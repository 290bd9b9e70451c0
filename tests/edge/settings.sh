#!/bin/sh
# Writes settings.vcl for a VCL test as tooling/edge.ts's settingsVcl does, with the scripted
# server as the only origin and no probe (the tests set its health through the CLI).
# Usage: settings.sh DIR HOST PORT SECRET
cat > "$1/settings.vcl" <<VCL
backend origin_1 {
    .host = "$2";
    .port = "$3";
    .first_byte_timeout = 30s;
}
sub vcl_init {
    new origins = directors.round_robin();
    origins.add_backend(origin_1);
}
sub causeway_authorise_purge {
    if (req.http.X-Purge-Secret == "$4") {
        set req.http.X-Causeway-Purge-Allowed = "yes";
    }
}
VCL
