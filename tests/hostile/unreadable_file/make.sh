# A file without read permission (run as nobody: root could read it anyway).
chmod 000 "$1/services/hello.yaml"
