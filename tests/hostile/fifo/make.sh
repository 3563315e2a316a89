# A FIFO where a service file should be: opening it for reading would wait
# for a writer forever; nbc must refuse it at once.
mkfifo "$1/services/pipe.yaml"
