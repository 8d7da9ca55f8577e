/* text/pinyin.c — removes pinyin annotations a content farm injected after
 * Han characters: 成(chéng)都(dōu) -> 成都, 著(zhe)力 -> 著力.
 *
 * The rule (docs/text.md says why):
 *   A candidate is OPEN SYLLABLE CLOSE directly after a Han character, with
 *   OPEN "(" or "（", CLOSE ")" or "）", and SYLLABLE one valid Mandarin
 *   pinyin syllable written in Latin letters (ü also as v or u + U+0308).
 *   - With exactly one tone mark (precomposed ā á ǎ à ..., or a vowel
 *     followed by a combining macron, acute, caron or grave) it is an
 *     annotation.
 *   - Without a tone mark it is an annotation only when the same text has at
 *     least one tone-marked annotation, the syllable is all lower case and
 *     has two or more letters. So (a), (e), (AI), (PA), (ME) stay.
 *   Anything else (two tone marks, several syllables, digits, spaces) stays.
 */
#include <stdbool.h>
#include <string.h>

#include "text/internal.h"

/* Every Mandarin syllable in toneless pinyin, ü written v (also the common
 * "lue"/"nue" for lüe/nüe), each surrounded by spaces for a strstr lookup. */
static const char SYLLABLES[] =
    " a ai an ang ao e ei en eng er o ou m n ng hm hng"
    " ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu"
    " pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu"
    " ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu"
    " fa fan fang fei fen feng fiao fo fou fu"
    " da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du"
    " duan dui dun duo"
    " ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo"
    " na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou"
    " nu nuan nun nuo nv nve nue"
    " la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long"
    " lou lu luan lun luo lv lve lue"
    " ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo"
    " ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo"
    " ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo"
    " ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun"
    " qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun"
    " xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun"
    " zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan"
    " zhuang zhui zhun zhuo"
    " cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang"
    " chui chun chuo"
    " sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang"
    " shui shun shuo"
    " ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo"
    " za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo"
    " ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo"
    " sa sai san sang sao se sen seng si song sou su suan sui sun suo"
    " ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun"
    " wa wai wan wang wei wen weng wo wu ";

/* A precomposed Latin letter used in pinyin: its base letter ('v' for ü), whether it
 * carries a tone mark and whether it is upper case. */
typedef struct pyletter {
    uint32_t cp;
    char base;
    bool tone, upper;
} pyletter;

static const pyletter LETTERS[] = {
    {0x0101, 'a', 1, 0}, {0x00E1, 'a', 1, 0}, {0x01CE, 'a', 1, 0}, {0x00E0, 'a', 1, 0},
    {0x0113, 'e', 1, 0}, {0x00E9, 'e', 1, 0}, {0x011B, 'e', 1, 0}, {0x00E8, 'e', 1, 0},
    {0x012B, 'i', 1, 0}, {0x00ED, 'i', 1, 0}, {0x01D0, 'i', 1, 0}, {0x00EC, 'i', 1, 0},
    {0x014D, 'o', 1, 0}, {0x00F3, 'o', 1, 0}, {0x01D2, 'o', 1, 0}, {0x00F2, 'o', 1, 0},
    {0x016B, 'u', 1, 0}, {0x00FA, 'u', 1, 0}, {0x01D4, 'u', 1, 0}, {0x00F9, 'u', 1, 0},
    {0x01D6, 'v', 1, 0}, {0x01D8, 'v', 1, 0}, {0x01DA, 'v', 1, 0}, {0x01DC, 'v', 1, 0},
    {0x00FC, 'v', 0, 0}, {0x00EA, 'e', 0, 0}, {0x1EBF, 'e', 1, 0}, {0x1EC1, 'e', 1, 0},
    {0x1E3F, 'm', 1, 0}, {0x0144, 'n', 1, 0}, {0x0148, 'n', 1, 0}, {0x01F9, 'n', 1, 0},
    {0x0251, 'a', 0, 0}, {0x0261, 'g', 0, 0},
    {0x0100, 'a', 1, 1}, {0x00C1, 'a', 1, 1}, {0x01CD, 'a', 1, 1}, {0x00C0, 'a', 1, 1},
    {0x0112, 'e', 1, 1}, {0x00C9, 'e', 1, 1}, {0x011A, 'e', 1, 1}, {0x00C8, 'e', 1, 1},
    {0x012A, 'i', 1, 1}, {0x00CD, 'i', 1, 1}, {0x01CF, 'i', 1, 1}, {0x00CC, 'i', 1, 1},
    {0x014C, 'o', 1, 1}, {0x00D3, 'o', 1, 1}, {0x01D1, 'o', 1, 1}, {0x00D2, 'o', 1, 1},
    {0x016A, 'u', 1, 1}, {0x00DA, 'u', 1, 1}, {0x01D3, 'u', 1, 1}, {0x00D9, 'u', 1, 1},
    {0x01D5, 'v', 1, 1}, {0x01D7, 'v', 1, 1}, {0x01D9, 'v', 1, 1}, {0x01DB, 'v', 1, 1},
    {0x00DC, 'v', 0, 1}, {0x1E3E, 'm', 1, 1}, {0x0143, 'n', 1, 1}, {0x0147, 'n', 1, 1},
    {0x01F8, 'n', 1, 1},
};

enum { PY_NONE = 0, PY_TONELESS = 1, PY_TONED = 2 };
enum { PY_MAXCHARS = 12 }; /* longest syllable (6 letters) with decomposed marks */

static bool is_open(uint32_t c) { return c == '(' || c == 0xFF08; }
static bool is_close(uint32_t c) { return c == ')' || c == 0xFF09; }

static bool is_tone_mark(uint32_t c)
{
    return c == 0x0304 || c == 0x0301 || c == 0x030C || c == 0x0300;
}

/* Classifies cp[0..n) (the text between the parentheses). */
static int classify(const uint32_t *cp, size_t n)
{
    char base[PY_MAXCHARS + 3];
    size_t nb = 0;
    int tones = 0;
    bool upper = false;

    if (n == 0 || n > PY_MAXCHARS)
        return PY_NONE;
    base[nb++] = ' ';
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cp[i];
        if (c >= 'a' && c <= 'z') {
            base[nb++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            base[nb++] = (char)(c - 'A' + 'a');
            upper = true;
        } else if (is_tone_mark(c) && nb > 1) {
            tones++;
        } else if (c == 0x0308 && nb > 1 && base[nb - 1] == 'u') {
            base[nb - 1] = 'v';
        } else if (c == 0x0302 && nb > 1 && base[nb - 1] == 'e') {
            /* ê */
        } else {
            size_t k = 0, nl = sizeof LETTERS / sizeof LETTERS[0];
            while (k < nl && LETTERS[k].cp != c)
                k++;
            if (k == nl)
                return PY_NONE;
            base[nb++] = LETTERS[k].base;
            tones += LETTERS[k].tone;
            upper |= LETTERS[k].upper;
        }
    }
    base[nb++] = ' ';
    base[nb] = '\0';
    if (tones > 1 || !strstr(SYLLABLES, base))
        return PY_NONE;
    if (tones == 1)
        return PY_TONED;
    /* toneless: lower case and two or more letters (nb counts the two spaces) */
    return (!upper && nb - 2 >= 2) ? PY_TONELESS : PY_NONE;
}

/* If a candidate annotation starts at a->cp[i] (an opening parenthesis),
 * returns its class and its length in chars in *span. */
static int candidate(const text_cps *a, size_t i, size_t *span)
{
    if (i == 0 || !is_open(a->cp[i]) || !text_is_han(a->cp[i - 1]))
        return PY_NONE;
    size_t j = i + 1;
    while (j < a->n && j - i - 1 <= PY_MAXCHARS && !is_close(a->cp[j]))
        j++;
    if (j >= a->n || !is_close(a->cp[j]))
        return PY_NONE;
    *span = j - i + 1;
    return classify(a->cp + i + 1, j - i - 1);
}

void text_pinyin_strip_cps(text_cps *a)
{
    bool toned = false;
    size_t span;

    for (size_t i = 1; i < a->n && !toned; i++)
        if (is_open(a->cp[i]) && candidate(a, i, &span) == PY_TONED)
            toned = true;
    if (!toned)
        return; /* toneless candidates count only beside toned ones */

    size_t w = 0;
    for (size_t i = 0; i < a->n;) {
        if (is_open(a->cp[i]) && candidate(a, i, &span) != PY_NONE) {
            i += span;
            continue;
        }
        a->cp[w] = a->cp[i];
        a->s0[w] = a->s0[i];
        a->s1[w] = a->s1[i];
        w++;
        i++;
    }
    a->n = w;
}
