/* main.c: the phusong command-line tool (being written). */
int main(void) { return 0; }
