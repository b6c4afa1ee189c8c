"""What the demo's people are called and write: names, phone prefixes, availability,
notes, and the group buys that arrive."""

from __future__ import annotations

from dataclasses import dataclass

# Common surnames, most frequent first (Shanghai ones moved up).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙朱沈陆顾马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任姚卢姜崔钟谭汪范金石廖贾夏韦付方白"
    "邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺毛郝龚邵万钱严武戴莫孔汤施俞"
)
GIVEN_MALE = (
    "伟刚勇毅俊峰强军平东文辉力明永健志兴良海山波宁福生龙国胜学祥发新利清"
    "飞彬杰涛成康光天达安中进林坚博诚敬振庆磊民友浩亮超鹏泽晨建家德荣根宝"
)
GIVEN_FEMALE = (
    "秀娟英华慧美娜静淑惠玉萍红玲芬芳燕彩春菊兰凤洁梅琳素云莲雪荣爱霞香月"
    "艳佳琼珍莉桂叶晶秋珊青倩婷婉颖露瑶怡丹蓉君琴薇梦岚敏丽妹雯霏琪晓宁"
)
PHONE_PREFIXES = tuple(
    str(n) for n in (*range(130, 140), 150, 151, 152, 153, 155, 156, 157, 158, 159, 166, 177)
) + tuple(str(n) for n in (180, 181, 182, 183, 185, 186, 187, 188, 189, 199))

AVAILABILITY = (
    "全天",
    "全天",
    "全天",
    "07:00-11:00",
    "11:00-15:00",
    "15:00-19:00",
    "上午",
    "下午",
    "晚上",
    "工作日晚上和周末",
    "随叫随到",
    "早上6点以后",
)
VOLUNTEER_NOTES = (
    "有医护背景",
    "会开车，有电动三轮车",
    "能用Excel做表",
    "原楼组长",
    "会说上海话，方便和老人沟通",
    "腰不好，不能搬重物",
    "居家办公，下午有空",
    "退休教师",
)
ELDERLY_NOTES = (
    "子女在外地",
    "高血压，长期服药",
    "糖尿病，需要胰岛素",
    "耳背，打电话请大声",
    "不会网上团购，请关爱组代买",
    "腿脚不便，不能下楼做核酸",
    "心脏病，药快吃完时联系配药组",
    "独自居住，每两天电话回访",
)
HOUSEHOLD_NOTES = (
    "家有婴儿，需要奶粉尿布",
    "孕妇，需定期产检",
    "透析病人，每周二、五外出透析",
    "行动不便，送货请放门口",
    "家中有高三学生",
    "一家三代同住",
)


@dataclass(frozen=True)
class BatchKind:
    name: str
    supplier: str
    items: str
    arrives: str
    share: float  # of households that ordered it


TODAY_BATCH = BatchKind(
    "团购蔬菜包", "蔬菜基地直供（物资组审核）", "青菜2斤 土豆3个 鸡蛋10个", "10:30", 0.7
)
HISTORY_BATCHES = (
    TODAY_BATCH,
    BatchKind(
        "政府保供物资包", "北蔡镇政府", "大米5斤 食用油1桶 青菜2斤 洋葱2个 猪肉1斤", "09:00", 1.0
    ),
    BatchKind("团购鸡蛋", "本地农场", "鸡蛋30个", "14:00", 0.45),
    BatchKind("团购牛奶", "乳品公司团购", "鲜牛奶1升×6", "15:30", 0.35),
    BatchKind("团购猪肉", "肉联厂团购", "猪肉2斤 排骨1斤", "11:00", 0.5),
    BatchKind("团购水果", "水果批发市场", "苹果3斤 香蕉2斤", "16:00", 0.4),
    BatchKind("米面油套餐", "粮油店团购", "大米10斤 挂面2斤 食用油1桶", "13:30", 0.3),
    BatchKind("母婴用品团购", "母婴店团购", "奶粉1罐 纸尿裤1包", "15:00", 0.05),
)
